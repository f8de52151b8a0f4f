/*
 * Name each rich text area after its field's label, as the textarea it replaces is named,
 * so that screen readers announce "Introduction" or "Texte" when it takes the focus.
 * The editors start after this script (and again for each item added), hence the observer.
 */
"use strict";

(() => {
  function nameAfterLabel(area) {
    const textarea = area.closest(".prose-editor").querySelector("textarea");
    const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
    if (!label) {
      return;
    }
    label.id = label.id || `${textarea.id}-label`;
    area.setAttribute("aria-labelledby", label.id);
  }

  new MutationObserver(() => {
    document
      .querySelectorAll(".prose-editor .ProseMirror:not([aria-labelledby])")
      .forEach(nameAfterLabel);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
