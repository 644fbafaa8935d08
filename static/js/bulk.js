// The claims list's bulk action: the header's box ticks (or clears) every claim on the page,
// and ticking a claim chooses "the claims ticked". Without this script each claim is
// ticked by hand; the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("form.bulk-form").forEach(function (form) {
    var page = form.querySelector("input.select-page");
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="claims"]'));
    var ticked = form.querySelector('input[name="scope"][value="selected"]');
    if (!page || !boxes.length) {
      return;
    }
    page.hidden = false;
    function sync() {
      var on = boxes.filter(function (box) { return box.checked; }).length;
      page.checked = on === boxes.length;
      page.indeterminate = on > 0 && on < boxes.length;
    }
    page.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = page.checked; });
      if (ticked) { ticked.checked = true; }
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        sync();
        if (box.checked && ticked) { ticked.checked = true; }
        // On a phone the bar starts folded (fold_filters.js); a tick opens it.
        var bar = form.querySelector("details.bulk-bar");
        if (box.checked && bar) { bar.open = true; }
      });
    });
    sync();
  });
})();
