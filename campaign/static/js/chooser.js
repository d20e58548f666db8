// Choosers (docs/choosers.md): suggest matches while a "Find a …" box is typed in.
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

  function setUp(box) {
    var input = box.querySelector("input[type=search]");
    var url = box.getAttribute("data-lookup");
    var name = box.getAttribute("data-chooser");
    if (!input || !url || !name || !input.form) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "chooser-suggestions";
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(list);
    box.appendChild(status);
    var timer = null;
    var asked = "";

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
        var entry = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary outline";
        button.textContent = item.label;
        button.addEventListener("click", function () {
          choose(item.id);
        });
        entry.appendChild(button);
        list.appendChild(entry);
      });
      list.hidden = data.items.length === 0;
      status.textContent =
        data.items.length + " suggestion" + (data.items.length === 1 ? "" : "s") +
        (data.more ? ", more if you type more of the name" : "");
    }

    function ask() {
      var q = input.value.trim();
      if (q === asked) {
        return;
      }
      asked = q;
      if (!q) {
        list.hidden = true;
        return;
      }
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
        .catch(function () {
          list.hidden = true; // submitting the form still finds the matches
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-lookup]"), setUp);
})();
