// Events page: the filtered table, paged; a click shows the event's sentence highlighted in its report.
"use strict";

(function () {
  const PAGE = 50;
  let offset = 0;
  let filters = currentFilters();
  const tableBox = document.getElementById("table");
  const status = document.getElementById("status");
  const reportBox = document.getElementById("report-box");

  async function load() {
    status.textContent = "loading…";
    try {
      const data = await api("/api/events", Object.assign({}, filters, { limit: PAGE, offset }));
      status.textContent = data.total === 0 ? "no events match"
        : "events " + (data.offset + 1) + "–" + (data.offset + data.events.length) + " of " + data.total;
      clear(tableBox).appendChild(eventTable(data.events, select));
      document.getElementById("prev").disabled = offset === 0;
      document.getElementById("next").disabled = data.next_offset === null;
    } catch (error) {
      status.textContent = "";
      showError(tableBox, error);
    }
  }

  function select(record, row) {
    for (const r of tableBox.querySelectorAll("tr.selected")) r.classList.remove("selected");
    row.classList.add("selected");
    showReport(reportBox, record.cite_info.citation, record.id);
  }

  filterForm(document.getElementById("filter-box"), (f) => { filters = f; offset = 0; load(); });
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); load(); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; load(); });
  load();
})();
