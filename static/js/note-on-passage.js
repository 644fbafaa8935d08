// Write a note on words selected in the claim's context (the claim page).
//
// Words selected inside the claim's own quote (the marked stretch) fill the note form's
// passage with "in the quote"; words selected elsewhere in the shown text, "in the
// article". The server finds the words (in the article, the place nearest the claim) and
// refuses them if they are not there. Without this script the passage is typed.
(function () {
  "use strict";

  var text = document.querySelector(".article-text.in-context");
  var button = document.getElementById("note-from-selection");
  var form = document.getElementById("note-form");
  if (!text || !button || !form) {
    return;
  }
  var bar = button.parentNode;
  var chosen = null;

  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return null;
    }
    var words = selection.toString().trim();
    if (!words) {
      return null;
    }
    var mark = text.querySelector("mark.claim-mark.current");
    var inQuote = mark && mark.contains(range.startContainer) && mark.contains(range.endContainer);
    return { words: words, on: inQuote ? "quote" : "article" };
  }

  document.addEventListener("selectionchange", function () {
    var found = selected();
    if (found) {
      chosen = found;
      bar.hidden = false;
    }
  });

  button.addEventListener("click", function () {
    if (!chosen) {
      return;
    }
    form.elements.passage.value = chosen.words;
    form.elements.anchor_on.value = chosen.on;
    var panel = form.closest("details");
    if (panel) {
      panel.open = true;
    }
    form.elements.body.focus();
  });
})();
