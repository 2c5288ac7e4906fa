// « Imprimer » buttons (no inline script: the Content-Security-Policy forbids them).
document.querySelectorAll("[data-rc-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
