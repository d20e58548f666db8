// The ask page opens with its sections collapsed (<details>), in GOV.UK tabs on a laptop.
// Following an in-page link (the contents list, a target's name, a refused link's form) selects
// the tab it is in and opens the section it leads to. Without JavaScript the link still reaches
// the section's heading and its "Show …" summary.
(function () {
  "use strict";

  function reveal(hash) {
    if (!hash || hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    var panel = target.closest(".govuk-tabs__panel");
    if (panel && panel.classList.contains("govuk-tabs__panel--hidden")) {
      var tab = document.querySelector('.govuk-tabs__tab[href="#' + panel.id + '"]');
      if (tab) {
        tab.click();
        // The tab sets the address to its panel (#statistics): keep the one followed
        // (#link-statistics), so a reload or a shared link lands on the same place.
        if (location.hash !== hash) history.replaceState(null, "", hash);
      }
    }
    var body = target.matches("section") ? target.querySelector("details.section-body") : null;
    if (body) body.open = true;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    target.scrollIntoView();
  }

  window.addEventListener("hashchange", function () { reveal(location.hash); });
  document.addEventListener("DOMContentLoaded", function () {
    reveal(location.hash);
    document.querySelectorAll('main a[href^="#"]').forEach(function (link) {
      link.addEventListener("click", function () {
        // Same hash twice fires no hashchange: reveal it now as well.
        if (link.getAttribute("href") === location.hash) reveal(location.hash);
      });
    });
  });
})();
