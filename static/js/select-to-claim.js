// Make a claim from words selected in an article's text (the article page, for editors).
//
// The text is drawn with each stretch's place in the article's body (data-start), so a
// selection maps back to body offsets whatever the paragraphs and highlights. The
// button fills the claim form's quote and its hidden start and end; the server checks
// both against the article's text. Without a selection, or without this script, the
// form's quote field takes typed words.
(function () {
  "use strict";

  var text = document.getElementById("article-text");
  var bar = document.querySelector(".select-to-claim");
  var button = document.getElementById("claim-from-selection");
  var form = document.getElementById("claim-form");
  if (!text || !bar || !button || !form) {
    return;
  }
  var panel = document.getElementById("claim-form-panel");
  var status = document.getElementById("selection-status");
  var fields = form.elements;
  var chosen = null;

  function segments() {
    return Array.prototype.filter.call(text.querySelectorAll("[data-start]"), function (seg) {
      return seg.firstChild && seg.firstChild.nodeType === Node.TEXT_NODE;
    });
  }

  // The body offset of a boundary point; before the first stretch or after the last,
  // the text's own start or end.
  function offsetOf(node, offset, isEnd, segs) {
    var previousEnd = null;
    for (var i = 0; i < segs.length; i++) {
      var textNode = segs[i].firstChild;
      var start = parseInt(segs[i].dataset.start, 10);
      var range = document.createRange();
      range.selectNodeContents(textNode);
      var where = range.comparePoint(node, offset);
      if (where === 0) {
        return node === textNode ? start + offset : start;
      }
      if (where < 0) {
        return isEnd && previousEnd !== null ? previousEnd : start;
      }
      previousEnd = start + textNode.length;
    }
    return previousEnd;
  }

  // The article's words from start to end, read from the stretches drawn on the page,
  // with a line break between paragraphs, as the body has.
  function wordsBetween(start, end, segs) {
    var parts = [];
    var paragraph = null;
    segs.forEach(function (seg) {
      var from = parseInt(seg.dataset.start, 10);
      var words = seg.firstChild.data;
      var lo = Math.max(start, from);
      var hi = Math.min(end, from + words.length);
      if (lo >= hi) {
        return;
      }
      if (paragraph !== null && seg.closest("p") !== paragraph) {
        parts.push("\n");
      }
      paragraph = seg.closest("p");
      parts.push(words.slice(lo - from, hi - from));
    });
    return parts.join("");
  }

  // The character at a body offset, as drawn on the page ("" outside the text).
  function charAt(offset, segs) {
    for (var i = 0; i < segs.length; i++) {
      var from = parseInt(segs[i].dataset.start, 10);
      var words = segs[i].firstChild.data;
      if (offset >= from && offset < from + words.length) {
        return words.charAt(offset - from);
      }
    }
    return "";
  }

  // A selection that cuts a word takes the whole word; spaces and punctuation
  // at its start are left out, so "n. Speaking dur" becomes "Speaking during".
  function toWholeWords(start, end, segs) {
    var letter = /[\p{L}\p{N}]/u;
    var leading = /[\s.,;:!?)\]}»”’-]/u;
    while (start < end && leading.test(charAt(start, segs))) {
      start += 1;
    }
    while (end > start && /[\s,;:(\[{«“‘-]/u.test(charAt(end - 1, segs))) {
      end -= 1;
    }
    if (end <= start) {
      return null;
    }
    while (start > 0 && letter.test(charAt(start - 1, segs)) && letter.test(charAt(start, segs))) {
      start -= 1;
    }
    while (letter.test(charAt(end, segs)) && letter.test(charAt(end - 1, segs))) {
      end += 1;
    }
    return [start, end];
  }

  function currentSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(text)) {
      return null;
    }
    var segs = segments();
    var start = offsetOf(range.startContainer, range.startOffset, false, segs);
    var end = offsetOf(range.endContainer, range.endOffset, true, segs);
    if (start === null || end === null || end <= start) {
      return null;
    }
    var snapped = toWholeWords(start, end, segs);
    if (!snapped) {
      return null;
    }
    return { start: snapped[0], end: snapped[1], quote: wordsBetween(snapped[0], snapped[1], segs) };
  }

  // Shown from the start and only enabled by a selection, so the text does not move
  // under the mouse while the words are being selected.
  bar.hidden = false;
  document.addEventListener("selectionchange", function () {
    var found = currentSelection();
    if (found) {
      chosen = found;
      button.disabled = false;
    } else if (document.activeElement !== button) {
      chosen = null;
      button.disabled = true;
    }
  });

  // Pressing the button must not drop the selection it is about to use.
  button.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });

  button.addEventListener("click", function () {
    var found = currentSelection() || chosen;
    if (!found) {
      return;
    }
    fields.quote.value = found.quote.trim();
    fields.start.value = String(found.start);
    fields.end.value = String(found.end);
    // A place offered for earlier typed words no longer applies.
    Array.prototype.forEach.call(form.querySelectorAll("input[name=place]"), function (input) {
      if (input.type === "radio") {
        input.checked = false;
      } else {
        input.value = "";
      }
    });
    if (panel) {
      panel.open = true;
    }
    if (status) {
      status.textContent = status.dataset.filled;
    }
    fields.quote.scrollIntoView({ block: "center" });
    fields.quote.focus();
  });

  // Typed words are found anew: the selection's place no longer holds.
  fields.quote.addEventListener("input", function () {
    fields.start.value = "";
    fields.end.value = "";
    if (status) {
      status.textContent = "";
    }
  });
})();
