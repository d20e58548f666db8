// Choosers (docs/choosers.md): suggest matches while a "Find a …" box, or a form's chooser
// field, is typed in.
// Without JavaScript the box is a search-then-choose step: submitting the form lists the
// matches as radio buttons. With it, the same matches (GET /api/v1/lookup/<kind>?q=) appear
// below the box as buttons; choosing one puts its id in the filter's field and submits the
// form, giving the same address (?source=12) as choosing a radio button would.
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) {
    return;
  }
  var DELAY = 250;

  // GET <url>?q=: what a chooser offers for the words typed, given to `show` if the box still
  // holds them when the answer comes (an older answer is dropped); `fail` on any error.
  function lookup(url, input, q, show, fail) {
    fetch(url + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.q === input.value.trim()) {
          show(data);
        }
      })
      .catch(fail);
  }

  // The list a chooser's suggestions go in and the line that announces them, added to `box`.
  function suggestionArea(box) {
    var list = document.createElement("ul");
    list.className = "chooser-suggestions";
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(list);
    box.appendChild(status);
    return { list: list, status: status };
  }

  // Asks for suggestions a moment after typing stops, unless the box holds the words last
  // asked for (`asked` at first); `hide` when it is emptied or the lookup fails. Returns
  // `settle(text)`: the box now holds `text` by a choice, not by typing.
  function suggestAsTyped(input, url, asked, show, hide) {
    var timer = null;

    function ask() {
      var q = input.value.trim();
      if (q === asked) {
        return;
      }
      asked = q;
      if (!q) {
        hide();
        return;
      }
      lookup(url, input, q, show, hide);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    return function settle(text) {
      asked = text;
    };
  }

  // One suggestion: a list item holding a button that chooses it.
  function suggestion(label, onChoose) {
    var entry = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline";
    button.textContent = label;
    button.addEventListener("click", onChoose);
    entry.appendChild(button);
    return entry;
  }

  function setUp(box) {
    var input = box.querySelector("input[type=search]");
    var url = box.getAttribute("data-lookup");
    var name = box.getAttribute("data-chooser");
    if (!input || !url || !name || !input.form) {
      return;
    }
    var area = suggestionArea(box);
    var list = area.list;
    var status = area.status;

    function choose(id) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = id;
      input.form.appendChild(field);
      input.removeAttribute("name"); // the words typed are done with
      input.form.submit();
    }

    function show(data) {
      list.textContent = "";
      data.items.forEach(function (item) {
        list.appendChild(suggestion(item.label, function () {
          choose(item.id);
        }));
      });
      list.hidden = data.items.length === 0;
      status.textContent =
        data.items.length + " suggestion" + (data.items.length === 1 ? "" : "s") +
        (data.more ? ", more if you type more of the name" : "");
    }

    // Hidden on a failed lookup too: submitting the form still finds the matches.
    suggestAsTyped(input, url, "", show, function () {
      list.hidden = true;
    });
  }

  // A chooser in a form (campaign/common/chooser_field.py): the text box suggests matches;
  // choosing one puts its id in the hidden field and its name in the box (or, choosing
  // several, adds a ticked checkbox), and the form is saved as usual. Typing other words
  // leaves the search to the server when saving.
  function setUpField(box) {
    var input = box.querySelector("input[type=text]");
    var url = box.getAttribute("data-lookup");
    var name = box.getAttribute("data-chooser-field");
    var skip = (box.getAttribute("data-skip") || "").split(" ");
    if (!input || !url || !name || !input.form) {
      return;
    }
    var form = input.form;
    var area = suggestionArea(box);
    var list = area.list;
    var status = area.status;
    list.id = input.id + "-suggestions";
    // A text box with suggestions under it is a combobox (ARIA 1.2); only a combobox may say
    // whether its list is expanded.
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var settle = null; // set below, once `show` and `close` exist

    function hidden() {
      var field = form.querySelector("input[type=hidden][name='" + name + "']");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = name;
        box.appendChild(field);
      }
      return field;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    // Several chosen rows (data-multiple): a suggestion becomes one more ticked checkbox.
    function add(item) {
      var chosen = box.querySelector(".chooser-chosen");
      var boxes = chosen.querySelectorAll("input[type=checkbox]");
      var existing = Array.prototype.filter.call(boxes, function (tick) {
        return tick.value === item.id;
      });
      if (existing.length) {
        existing[0].checked = true;
      } else {
        var label = document.createElement("label");
        var tick = document.createElement("input");
        tick.type = "checkbox";
        tick.name = name;
        tick.value = item.id;
        tick.checked = true;
        label.appendChild(tick);
        label.appendChild(document.createTextNode(" " + item.label));
        chosen.appendChild(label);
      }
      input.value = "";
      settle("");
      close();
      status.textContent = "Added: " + item.label;
      input.focus();
    }

    function choose(item) {
      if (box.hasAttribute("data-multiple")) {
        add(item);
        return;
      }
      Array.prototype.forEach.call(
        form.querySelectorAll("input[type=radio][name='" + name + "']"),
        function (radio) {
          radio.checked = false;
        }
      );
      hidden().value = item.id;
      input.value = item.label;
      settle(item.label);
      close();
      status.textContent = "Chosen: " + item.label;
      input.focus();
    }

    function buttons() {
      return list.querySelectorAll("button");
    }

    function show(data) {
      var items = data.items.filter(function (item) {
        return skip.indexOf(item.id) < 0;
      });
      list.textContent = "";
      items.forEach(function (item) {
        list.appendChild(suggestion(item.label, function () {
          choose(item);
        }));
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
      status.textContent =
        (items.length === 0 ? "No matches" : items.length + " suggestion" +
          (items.length === 1 ? "" : "s") + ": press the down arrow to choose") +
        (data.more ? ", more if you type more of the name" : "");
    }

    // Closed on a failed lookup too: saving the form still searches for the words typed.
    settle = suggestAsTyped(input, url, input.value.trim(), show, close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden && buttons().length) {
        event.preventDefault();
        buttons()[0].focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var all = Array.prototype.slice.call(buttons());
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < all.length - 1) {
        event.preventDefault();
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? all[at - 1] : input).focus();
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("[data-lookup]:not([data-chooser-field])"),
    setUp
  );
  Array.prototype.forEach.call(document.querySelectorAll("[data-chooser-field]"), setUpField);
})();
