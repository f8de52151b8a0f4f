/*
 * Move up / move down buttons on the sortable inlines of a job profile, so the order
 * can be changed with the keyboard or a single pointer, without dragging (WCAG 2.5.7).
 * Positions are renumbered in the order shown, exactly as after a drag and drop;
 * items not saved yet have no buttons and go to the end when the form is saved.
 */
"use strict";

(() => {
  const ITEM_SELECTOR = ".inline-related.has_original, tr.has_original";

  function itemLabel(item) {
    const label = item.querySelector(".inline_label, td.original p");
    return label ? label.textContent.trim().replace(/\s+/g, " ") : "";
  }

  function renumber(group) {
    group.querySelectorAll(ITEM_SELECTOR).forEach((item, index) => {
      const input = item.querySelector("input._reorder_");
      if (input) {
        input.value = `${index + 1}`;
      }
    });
  }

  function move(group, item, direction, button, status) {
    const items = Array.from(group.querySelectorAll(ITEM_SELECTOR));
    const index = items.indexOf(item);
    const target = items[index + direction];
    if (!target) {
      status.textContent = direction < 0 ? "Déjà en première position." : "Déjà en dernière position.";
      return;
    }
    target.insertAdjacentElement(direction < 0 ? "beforebegin" : "afterend", item);
    renumber(group);
    button.focus();
    status.textContent = `« ${itemLabel(item)} » est maintenant en position ${index + direction + 1} sur ${items.length}.`;
  }

  function addButtons(group, item, status) {
    const label = itemLabel(item);
    const buttons = document.createElement("span");
    buttons.className = "section-order";
    [
      [-1, "Monter", "vers le haut"],
      [1, "Descendre", "vers le bas"],
    ].forEach(([direction, text, where]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "section-order__button";
      button.textContent = text;
      button.setAttribute("aria-label", `Déplacer « ${label} » ${where}`);
      button.addEventListener("click", () => move(group, item, direction, button, status));
      buttons.append(button);
    });
    const heading = item.querySelector("h3");
    if (heading) {
      heading.append(buttons);
    } else {
      const label = item.querySelector("td.original p");
      label.insertBefore(buttons, label.querySelector(".sort"));
    }
  }

  function enhance(group) {
    const items = group.querySelectorAll(ITEM_SELECTOR);
    if (items.length === 0) {
      return;
    }
    const status = document.createElement("p");
    status.className = "section-order__status help";
    status.setAttribute("role", "status");
    group.querySelector("h2").insertAdjacentElement("afterend", status);
    items.forEach((item) => addButtons(group, item, status));
  }

  function explain(first) {
    const hint = document.createElement("p");
    hint.className = "help section-order__hint";
    hint.textContent = "Ici et dans les sections suivantes, faites glisser un élément par son titre pour changer l’ordre, ou utilisez ses boutons « Monter » et « Descendre ».";
    first.querySelector("h2").insertAdjacentElement("afterend", hint);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const groups = Array.from(document.querySelectorAll("fieldset.sortable"));
    groups.forEach(enhance);
    const first = groups.find((group) => group.querySelector(ITEM_SELECTOR));
    if (first) {
      explain(first);
    }
  });
})();
