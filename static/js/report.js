/* The print link (a plain link without JavaScript does nothing harmful: it stays on the page). */
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});
