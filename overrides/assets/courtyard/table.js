/* Courtyard: sort and filter the directory and library tables, without any library.
   Markup (generated): a `.cy-filters[data-cy-filter]` block with a text box and
   `select[data-cy-facet=KEY]` boxes, followed by tables `[data-cy-table]` whose rows carry
   `data-KEY` attributes (several values separated by newlines). Header cells with
   `data-sort` sort their column; a cell's `data-value` overrides its text as the sort key. */
(function () {
  "use strict";

  function text(cell) {
    var v = cell.getAttribute("data-value");
    return (v !== null ? v : cell.textContent).trim();
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    return a.localeCompare(b, "zh-Hans-CN");
  }

  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      if (!th.hasAttribute("data-sort")) return;
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var d = compare(text(r1.cells[col]), text(r2.cells[col]));
          return asc ? d : -d;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  }

  function filterable(box) {
    var scope = box.parentNode;
    var tables = scope.querySelectorAll("[data-cy-table]");
    var input = box.querySelector(".cy-filter-text");
    var selects = box.querySelectorAll("select[data-cy-facet]");
    var count = box.querySelector(".cy-count");
    function apply() {
      var q = (input && input.value || "").trim().toLowerCase();
      var shown = 0, total = 0;
      Array.prototype.forEach.call(tables, function (table) {
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var ok = !q || row.textContent.toLowerCase().indexOf(q) !== -1;
          Array.prototype.forEach.call(selects, function (sel) {
            if (!ok || !sel.value) return;
            var values = (row.getAttribute("data-" + sel.getAttribute("data-cy-facet")) || "")
              .split("\n");
            ok = values.indexOf(sel.value) !== -1;
          });
          row.hidden = !ok;
          total += 1;
          if (ok) shown += 1;
        });
      });
      if (count) count.textContent = shown + " / " + total;
    }
    if (input) input.addEventListener("input", apply);
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener("change", apply); });
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-cy-table]"), sortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-cy-filter]"), filterable);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
