// Forms marked data-rc-unsaved: leaving the page with changes not yet saved asks first
// (the browser's own question). Saving (any submit button of the form) does not ask.
(function () {
  "use strict";
  document.querySelectorAll("form[data-rc-unsaved]").forEach(function (form) {
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (changed) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
