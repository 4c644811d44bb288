// Sorting and filtering for tables marked data-sortable. The table reads without this script; with it,
// each column header becomes a button that sorts, and a box above the table filters its rows.
(function () {
  "use strict";
  function key(cell) {
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1; // missing values last, whichever the direction
    if (b === "") return -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : 1;
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table, n) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var total = rows.length;

    var bar = document.createElement("div");
    bar.className = "filter";
    var id = "filter-" + n;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    var status = document.createElement("span");
    status.className = "meta";
    status.setAttribute("aria-live", "polite");
    status.textContent = total + " rows";
    bar.append(label, input, status);
    var holder = table.closest(".scroll") || table;
    holder.parentNode.insertBefore(bar, holder);

    var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var hit = words.every(function (w) { return text[i].indexOf(w) !== -1; });
        r.hidden = !hit;
        if (hit) shown++;
      });
      status.textContent = shown === total ? total + " rows" : shown + " of " + total + " rows";
    });

    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var order = rows.slice().sort(function (a, b) {
          var ka = key(a.cells[col]), kb = key(b.cells[col]);
          if (ka === "" || kb === "") return compare(ka, kb);
          return up ? compare(ka, kb) : compare(kb, ka);
        });
        order.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
