// An import's page (intake/batch.html): while files and links are still being imported,
// asks the status URL every couple of seconds and puts each changed row in place, the
// summary with it, and says what changed in the page's aria-live region. Stops once every
// item is done, or after an error. Without this script the page says to refresh it.
"use strict";

(function () {
  const EVERY_MS = 1500;
  const batch = document.getElementById("import-batch");
  if (!batch || batch.dataset.done === "true") {
    return;
  }
  const url = batch.dataset.statusUrl;
  const summary = document.getElementById("import-summary");
  const announce = document.getElementById("import-announce");
  const working = document.getElementById("import-working");

  function update(data) {
    const changes = [];
    data.items.forEach(function (item) {
      const row = document.getElementById(`import-item-${item.id}`);
      if (row && row.dataset.status !== item.status) {
        const template = document.createElement("template");
        template.innerHTML = item.html.trim();
        row.replaceWith(template.content.firstElementChild);
        changes.push(item.announce);
      }
    });
    summary.querySelector("strong").textContent = data.summary;
    if (data.done) {
      changes.push(data.summary);
      if (working) {
        working.remove();
      }
      batch.dataset.done = "true";
    }
    if (changes.length) {
      announce.textContent = changes.join(". ");
    }
    return data.done;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(`status ${response.status}`);
        }
        return response.json();
      })
      .then(function (data) {
        if (!update(data)) {
          window.setTimeout(poll, EVERY_MS);
        }
      })
      .catch(function () {
        // The refresh link in the page still works; polling stops.
        if (working) {
          working.textContent = "This page stopped updating itself: refresh it to see how far the import has got.";
        }
      });
  }

  window.setTimeout(poll, EVERY_MS);
})();
