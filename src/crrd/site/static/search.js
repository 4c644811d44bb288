// Pagefind's own interface over its static index. Result links resolve against this page's folder, so
// the site works under any path (a project site on GitHub Pages, a local server).
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof PagefindUI === "undefined") return; // built without search, or the bundle could not load
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: new URL(".", window.location.href).pathname,
    showSubResults: false,
    showImages: false
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
