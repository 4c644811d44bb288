// Pagefind's own interface over its static index. Result links resolve against this page's folder, so
// the site works under any path (a project site on GitHub Pages, a local server).
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // Opened from disk, the browser refuses the index's fetches: leave the note that says so, and no errors.
  if (window.location.protocol === "file:" || typeof PagefindUI === "undefined") return;
  document.getElementById("search-note").hidden = true;
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: new URL(".", window.location.href).pathname,
    showSubResults: false,
    showImages: false
  });
  var box = document.querySelector("#search input");
  if (box) box.setAttribute("aria-label", "Search the dataset"); // Pagefind's box has only a title
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
