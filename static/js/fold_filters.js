// A list's filters (the claims list's, the reports') are open in the page; on a narrow
// screen they fold away, so the results come first (the claims list's chips show what is
// active). Without this script they stay open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 48em)").matches) {
    return;
  }
  document.querySelectorAll("details[data-fold-narrow]").forEach(function (filters) {
    filters.open = false;
  });
})();
