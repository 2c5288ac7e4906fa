// Progress of a background import: every 3 seconds, the page is read again and its
// « progression » region replaced (announced politely to screen readers); once the import
// is over, the page is reloaded to show the result. Without JavaScript, the « Actualiser »
// link does the same. No automatic refresh of the whole page (WCAG 2.2.1).
(function () {
  "use strict";
  var region = document.getElementById("progression");
  if (!region || region.getAttribute("data-running") !== "1") { return; }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("progression");
        if (!fresh) { return; }
        if (fresh.getAttribute("data-running") !== "1") { window.location.reload(); return; }
        region.innerHTML = fresh.innerHTML;
        window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
}());
