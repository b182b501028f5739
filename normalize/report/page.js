"use strict";
function cellValue(row, column, numeric) {
  var text = row.cells[column].textContent.trim();
  return numeric ? parseFloat(text) || 0 : text.toLowerCase();
}
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (head, column) {
    if (!head.dataset.sort) { return; }
    head.tabIndex = 0;
    head.title = "sort";
    function sort() {
      var numeric = head.dataset.sort === "number";
      var current = head.getAttribute("aria-sort");  // first click: numbers largest first, text A to Z
      var descending = current ? current === "ascending" : numeric;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", descending ? "descending" : "ascending");
    }
    head.addEventListener("click", sort);
    head.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
  });
});
document.querySelectorAll("form.filter").forEach(function (form) {
  var table = document.getElementById(form.dataset.table);
  function apply() {
    var text = form.elements.text.value.trim().toLowerCase();
    var language = form.elements.language.value;
    var count = parseFloat(form.elements.count.value) || 0;
    var score = form.elements.score ? parseFloat(form.elements.score.value) || 0 : 0;
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var visible = (!text || row.textContent.toLowerCase().indexOf(text) >= 0)
        && (!language || row.dataset.language === language)
        && parseFloat(row.dataset.count || 0) >= count
        && parseFloat(row.dataset.score || 1) >= score;
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    form.querySelector("output").textContent = shown + " shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
});
// The reviewer's decisions, as `normalize review REPORT.json --decisions decisions.json` reads them
// (normalize/review/decisions_file.py): the suggestions decided, in the report's order.
var suggestionRows = Array.prototype.slice.call(document.querySelectorAll("#suggestions tbody tr[id]"));
function decisions() {
  var entries = [];
  suggestionRows.forEach(function (row) {
    var chosen = row.querySelector("td.decision input[type=radio]:checked");
    if (!chosen || !chosen.value) { return; }
    var entry = { id: row.id, decision: chosen.value };
    if (chosen.value === "accept") {
      entry.canonical = row.querySelector("input.canonical").value.trim();
      entry.leave_out = Array.prototype.filter.call(row.querySelectorAll("input.keep"), function (box) {
        return !box.checked;
      }).map(function (box) { return box.dataset.form; });
    }
    entries.push(entry);
  });
  return { schema: "normalize.decisions/1", decisions: entries };
}
function exportDecisions() {
  var chosen = decisions();
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(chosen, null, 1) + "\n"], { type: "application/json" }));
  link.download = "decisions.json";
  document.body.appendChild(link);
  link.click();
  link.remove();
  document.getElementById("exported").textContent = chosen.decisions.length + " decision(s) exported";
}
var exportButton = document.getElementById("export");
if (exportButton) { exportButton.addEventListener("click", exportDecisions); }
window.normalizeDecisions = decisions;
document.body.dataset.ready = "yes";
