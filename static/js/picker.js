// Pickers: a text box that chooses an article, outlet, claimant or reviewer by name.
//
// Turns each <input data-picker="/lookup/...">, drawn by claims.widgets.NamePicker, into a
// WAI-ARIA 1.2 combobox with a listbox popup. The box shows the chosen name; a hidden input
// under the field's own name carries the chosen row's number. Text typed but not chosen is
// submitted as typed, and the server resolves it as it does without this script.
"use strict";

(function () {
  const WAIT_MS = 150;
  let count = 0;

  function setUp(input) {
    count += 1;
    const form = input.form;
    const wrapper = input.parentElement;
    const listId = `${input.id || "picker"}-list-${count}`;

    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    input.removeAttribute("name");
    input.after(hidden);

    const list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = `${listId}-label`;
      list.setAttribute("aria-labelledby", label.id);
    }
    wrapper.append(list);

    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.append(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    // The page's own wording (claims.widgets.SPOKEN), with %(name)s filled in.
    function say(key, values = {}) {
      const text = input.getAttribute(`data-picker-${key}`) || "";
      return text.replace(/%\((\w+)\)s/g, (whole, name) => String(values[name] ?? whole));
    }

    let chosen = input.dataset.pickerValue
      ? { id: input.dataset.pickerValue, label: input.value }
      : null;
    let options = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function submittedValue() {
      return chosen && input.value === chosen.label ? chosen.id : input.value;
    }
    hidden.value = submittedValue();

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      const option = options[index];
      chosen = { id: option.dataset.id, label: option.dataset.label };
      input.value = chosen.label;
      hidden.value = chosen.id;
      close();
      status.textContent = say("chosen", { label: chosen.label });
    }

    function show(rows) {
      list.replaceChildren();
      options = rows.map((row, i) => {
        const option = document.createElement("li");
        option.id = `${listId}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.id = String(row.id);
        option.dataset.label = row.label;
        const name = document.createElement("span");
        name.className = "picker-label";
        name.textContent = row.label;
        option.append(name);
        if (row.detail) {
          const detail = document.createElement("span");
          detail.className = "picker-detail";
          detail.textContent = row.detail;
          option.append(detail);
        }
        list.append(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!rows.length) {
        const empty = document.createElement("li");
        empty.className = "picker-empty";
        empty.textContent = say("none");
        list.append(empty);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (!rows.length) status.textContent = say("none");
      else if (rows.length === 1) status.textContent = say("one");
      else status.textContent = say("many", { count: rows.length });
    }

    async function ask() {
      const mine = ++asked;
      const url = `${input.dataset.picker}?q=${encodeURIComponent(input.value.trim())}`;
      let rows;
      try {
        const response = await fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        rows = await response.json();
      } catch (error) {
        return; // offline or refused: the box still submits what was typed
      }
      if (mine === asked && document.activeElement === input) show(rows);
    }

    function askSoon() {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    }

    input.addEventListener("input", () => {
      hidden.value = submittedValue();
      askSoon();
    });

    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open || !options.length) {
            if (event.altKey || !open) askSoon();
            return;
          }
          highlight(active < options.length - 1 ? active + 1 : 0);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (open && options.length) highlight(active > 0 ? active - 1 : options.length - 1);
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault(); // choosing is not submitting
            choose(active);
          } else {
            close();
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            hidden.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
      }
    });

    // mousedown, not click: the box must not lose focus (and close the list) first.
    list.addEventListener("mousedown", (event) => {
      event.preventDefault();
      const option = event.target.closest("[role=option]");
      if (option) choose(options.indexOf(option));
    });

    input.addEventListener("blur", close);

    if (form) {
      form.addEventListener("submit", () => {
        hidden.value = submittedValue();
      });
    }
  }

  function start() {
    document.querySelectorAll("input[data-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
