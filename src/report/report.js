// greysweep report: sort and filter the findings table. Reads text with textContent and
// moves or hides existing rows; it never parses strings into HTML.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table || !table.tBodies.length) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var query = document.getElementById("filter-text");
  var risk = document.getElementById("filter-risk");
  var status = document.getElementById("filter-status");
  var shown = document.getElementById("shown-count");

  function apply() {
    var q = query ? query.value.trim().toLowerCase() : "";
    var r = risk ? risk.value : "";
    var s = status ? status.value : "";
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) !== -1) &&
        (!r || row.getAttribute("data-risk") === r) &&
        (!s || row.getAttribute("data-status") === s);
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    if (shown) { shown.textContent = String(n); }
  }
  [query, risk, status].forEach(function (el) {
    if (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); }
  });

  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, i) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      function key(row) {
        var cell = row.cells[i];
        var v = cell.getAttribute("data-sort");
        return v === null ? cell.textContent : v;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (numeric) { return dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)); }
        return dir * x.localeCompare(y);
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });
  apply();
  // Lets a headless check see that the script ran under the page's CSP.
  document.documentElement.setAttribute("data-report-script", "ran");
})();
