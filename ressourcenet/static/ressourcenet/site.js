// Start DKFDS components (accordions, details, alerts) once the page is parsed.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// After htmx swaps in new content, move focus to a swapped region that asks for it,
// so keyboard and screen-reader users land on the result.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    target.focus();
  }
});
