// A profile page's small enhancements; the page works without them.
// Loaded as a file from the site itself, which the Content-Security-Policy allows.
(function () {
  "use strict";

  // On a phone the contents list starts folded; from two columns up it stays open.
  var toc = document.querySelector(".toc");
  if (toc && !window.matchMedia("(min-width: 64rem)").matches) {
    toc.open = false;
  }

  // "Copier le lien": shown only where the clipboard can be written.
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyLink).then(
        function () { status.textContent = "Lien copié : vous pouvez le coller où vous voulez."; },
        function () { status.textContent = "Le lien n’a pas pu être copié : copiez l’adresse de la page."; }
      );
    });
  });
})();
