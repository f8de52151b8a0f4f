/*
 * The compact change form: each saved section item shows its title and a one-line excerpt,
 * and opens on click or with the keyboard (a disclosure button). Items with an error stay
 * open; new items are never closed. Without this script every item is open.
 * Also the live character counter of the summary.
 */
"use strict";

(() => {
  const ITEM_SELECTOR = ".inline-group[data-inline-type=stacked] .inline-related.has_original";
  const EXCERPT_LENGTH = 110;

  function plainText(html) {
    // DOMParser documents run no script and load no image: safe for any stored body.
    const text = new DOMParser().parseFromString(html, "text/html").body.textContent;
    return text.replace(/[#*_>`[\]]|\(https?:[^)]*\)/g, "").replace(/\s+/g, " ").trim();
  }

  function excerpt(text) {
    return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH).trimEnd()}…` : text;
  }

  function describe(item, toggle) {
    const title = item.querySelector("input[name$='-title']");
    const body = item.querySelector("textarea[name$='-body']");
    const label = toggle.querySelector(".inline_label");
    label.textContent = (title && title.value.trim()) || "Sans titre";
    toggle.querySelector(".section-item__excerpt").textContent = body ? excerpt(plainText(body.value)) : "";
  }

  function setOpen(item, toggle, open) {
    toggle.setAttribute("aria-expanded", `${open}`);
    item.classList.toggle("section-item--closed", !open);
    item.querySelectorAll(":scope > fieldset, :scope > .errorlist").forEach((part) => {
      part.hidden = !open;
    });
    if (!open) {
      describe(item, toggle);
    }
  }

  function makeCollapsible(item) {
    const heading = item.querySelector("h3");
    const label = heading.querySelector(".inline_label");
    const fields = item.querySelector(":scope > fieldset");
    if (!label || !fields) {
      return;
    }
    fields.id = fields.id || `${item.id}-fields`;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "section-item__toggle";
    toggle.setAttribute("aria-controls", fields.id);
    const excerptText = document.createElement("span");
    excerptText.className = "section-item__excerpt";
    const noun = heading.querySelector("b");
    if (noun) {
      noun.remove();
    }
    label.replaceWith(toggle);
    toggle.append(label, excerptText);
    toggle.addEventListener("click", () => {
      setOpen(item, toggle, toggle.getAttribute("aria-expanded") !== "true");
    });
    setOpen(item, toggle, Boolean(item.querySelector(".errorlist, .errors")));
  }

  function countSummary(field) {
    const min = Number(field.dataset.targetMin);
    const max = Number(field.dataset.targetMax);
    const counter = document.createElement("p");
    counter.className = "summary-counter help";
    counter.id = `${field.id}-counter`;
    counter.setAttribute("aria-live", "polite");
    (field.closest(".flex-container") || field).insertAdjacentElement("afterend", counter);
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
    const update = () => {
      const length = Array.from(field.value.trim()).length;
      const word = length > 1 ? "caractères" : "caractère";
      counter.textContent = `${length} ${word} — visez ${min} à ${max}`;
      counter.classList.toggle("summary-counter--off", length < min || length > max);
    };
    field.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(ITEM_SELECTOR).forEach(makeCollapsible);
    document.querySelectorAll("textarea[data-target-min]").forEach(countSummary);
  });
})();
