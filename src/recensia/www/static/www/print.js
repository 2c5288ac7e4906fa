// Buttons marked data-print open the browser's print dialog (the page prints without the
// site's header and footer: see print.css).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
