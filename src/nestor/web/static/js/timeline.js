// Timeline page: events per day stacked by quad class; realis other than "actual" drawn hatched.
// A click on a day filters the list below to that day.
"use strict";

(function () {
  const chartBox = document.getElementById("chart");
  const listBox = document.getElementById("day-events");
  const reportBox = document.getElementById("report-box");
  const status = document.getElementById("status");
  let filters = currentFilters();
  let selectedDay = filters.day || null;
  delete filters.day;

  function dayRange(first, last) {
    const out = [];
    const d = new Date(first + "T00:00:00Z");
    const end = new Date(last + "T00:00:00Z");
    while (d <= end && out.length < 3660) {
      out.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    return out;
  }

  function draw(counts) {
    const byDay = new Map();
    for (const row of counts) {
      if (!row.day || row.day.length !== 10) continue; // only events dated to the day
      const key = row.day;
      if (!byDay.has(key)) byDay.set(key, []);
      byDay.get(key).push(row);
    }
    clear(chartBox);
    if (!byDay.size) { chartBox.appendChild(el("p", { class: "muted", text: "no events dated to the day match" })); return; }
    const days = dayRange([...byDay.keys()].sort()[0], [...byDay.keys()].sort().slice(-1)[0]);
    const max = Math.max(...days.map((d) => (byDay.get(d) || []).reduce((s, r) => s + r.events, 0)));
    const W = Math.max(600, days.length * 28), H = 260, top = 14, bottom = 44, left = 36;
    const bw = (W - left - 8) / days.length;
    const scale = (H - top - bottom) / max;
    const svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, class: "timeline", role: "img", "aria-label": "events per day" });
    const defs = svgEl("defs", {}, [1, 2, 3, 4].map((q) => svgEl("pattern", { id: "hatch-" + q, width: 5, height: 5, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
      svgEl("rect", { width: 5, height: 5, class: "hatch-bg q" + q }),
      svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 5, class: "hatch-line" }),
    ])));
    svg.appendChild(defs);
    for (let t = 0; t <= max; t += Math.max(1, Math.ceil(max / 5))) {
      const y = H - bottom - t * scale;
      svg.appendChild(svgEl("line", { x1: left, x2: W, y1: y, y2: y, class: "grid" }));
      svg.appendChild(svgEl("text", { x: left - 4, y: y + 4, class: "axis", "text-anchor": "end", text: t }));
    }
    days.forEach((day, i) => {
      const rows = byDay.get(day) || [];
      const x = left + i * bw;
      const total = rows.reduce((s, r) => s + r.events, 0);
      const g = svgEl("g", { class: "day" + (day === selectedDay ? " selected" : ""), "data-day": day, "data-events": total, tabindex: 0 });
      g.appendChild(svgEl("rect", { x, y: top, width: bw, height: H - top - bottom, class: "hit" }));
      let y = H - bottom;
      for (const q of [1, 2, 3, 4]) {
        for (const actual of [true, false]) {
          const n = rows.filter((r) => r.quad === q && (r.realis === "actual") === actual).reduce((s, r) => s + r.events, 0);
          if (!n) continue;
          const h = n * scale;
          y -= h;
          g.appendChild(svgEl("rect", { x: x + 2, y, width: Math.max(1, bw - 4), height: h,
            class: "bar q" + q + (actual ? "" : " unreal"), fill: actual ? null : "url(#hatch-" + q + ")" },
            svgEl("title", { text: day + ": " + n + " " + QUAD_NAMES[q] + (actual ? "" : " (planned, possible or negated)") })));
        }
      }
      if (i % Math.ceil(days.length / 16) === 0) {
        svg.appendChild(svgEl("text", { x: x + bw / 2, y: H - bottom + 14, class: "axis", "text-anchor": "middle", text: day.slice(5) }));
      }
      g.addEventListener("click", () => selectDay(day));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") selectDay(day); });
      svg.appendChild(g);
    });
    chartBox.appendChild(svg);
  }

  async function loadChart() {
    try {
      const data = await api("/api/counts", Object.assign({}, filters, { by: "day,quad,realis" }));
      draw(data.counts);
    } catch (error) {
      showError(chartBox, error);
    }
  }

  async function loadDay() {
    clear(reportBox);
    if (!selectedDay) {
      status.textContent = "click a day to list its events";
      clear(listBox);
      return;
    }
    for (const g of chartBox.querySelectorAll("g.day")) g.classList.toggle("selected", g.dataset.day === selectedDay);
    try {
      const data = await api("/api/events", Object.assign({}, filters, { day: selectedDay, limit: 200 }));
      status.textContent = data.total + " events on " + selectedDay;
      clear(listBox).appendChild(eventTable(data.events, (r) => showReport(reportBox, r.cite_info.citation, r.id)));
    } catch (error) {
      showError(listBox, error);
    }
  }

  function selectDay(day) {
    selectedDay = day === selectedDay ? null : day;
    setFilters(Object.assign({}, filters, selectedDay ? { day: selectedDay } : {}));
    loadDay();
  }

  const form = filterForm(document.getElementById("filter-box"), (f) => {
    selectedDay = f.day || null;
    delete f.day;
    filters = f;
    loadChart().then(loadDay);
  });
  form.set("day", selectedDay);
  document.getElementById("legend").appendChild(legend([["q1", QUAD_NAMES[1]], ["q2", QUAD_NAMES[2]], ["q3", QUAD_NAMES[3]], ["q4", QUAD_NAMES[4]], ["unreal", "hatched: planned, possible or negated"]]));
  loadChart().then(loadDay);
})();
