// The claims list's filters (open in the page) fold away on a narrow screen, so the results come first;
// the chips above the results show what is active. Without this script they stay open.
(function () {
  "use strict";
  var filters = document.querySelector("details.filters[data-fold-narrow]");
  if (filters && window.matchMedia("(max-width: 48em)").matches) {
    filters.open = false;
  }
})();
