// The calendar page: a "Copy link" button beside each read-only calendar link.
// Progressive enhancement: the buttons are made here, so without JavaScript (or without the
// Clipboard API, which needs a secure context) the page shows only the read-only inputs, whose
// text can be selected and copied by hand. The confirmation is a polite live region, so a
// screen reader announces it too.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-copy-label]");
  if (!inputs.length || !navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }

  function say(status, text) {
    status.textContent = "";
    // A fresh text node after clearing, so the same message is announced again.
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  Array.prototype.forEach.call(inputs, function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary copy-link";
    button.textContent = "Copy link";
    var label = document.querySelector('label[for="' + input.id + '"]');
    // Starts with the visible text (WCAG 2.5.3 Label in Name), then says which link.
    button.setAttribute("aria-label", "Copy link" + (label ? ": " + label.textContent.trim() : ""));
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", status);

    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          say(status, "Copied " + input.getAttribute("data-copy-label") + ".");
        },
        function () {
          input.focus();
          input.select();
          say(status, "Could not copy: the link is selected, press Ctrl+C (⌘C on a Mac).");
        }
      );
    });
  });
})();
