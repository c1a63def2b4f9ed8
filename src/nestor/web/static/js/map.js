// Map page: country outlines (Natural Earth, served by our API) in an equirectangular projection, event
// places as circles sized by their number of events and coloured by their commonest quad class.
// A click on a place lists its events; a click on a country filters to it.
"use strict";

(function () {
  const mapBox = document.getElementById("map");
  const listBox = document.getElementById("place-events");
  const reportBox = document.getElementById("report-box");
  const status = document.getElementById("status");
  let filters = currentFilters();
  let geo = null;

  function project(lat, lon) {
    return [(lon + 180) / geo.step, (90 - lat) / geo.step];
  }

  function fitBox(points) {
    const [W, H] = [360 / geo.step, 180 / geo.step];
    if (!points.length) return [0, 0, W, H];
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const pad = 15 / geo.step;
    let x0 = Math.min(...xs) - pad, x1 = Math.max(...xs) + pad, y0 = Math.min(...ys) - pad, y1 = Math.max(...ys) + pad;
    const w = Math.max(x1 - x0, 2 * (y1 - y0)), h = w / 2; // keep the world's 2:1 shape
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    return [Math.max(0, cx - w / 2), Math.max(0, cy - h / 2), Math.min(W, w), Math.min(H, h)];
  }

  function draw(locations, countryCounts) {
    const counted = new Map(countryCounts.map((r) => [r.country, r.events]));
    const points = locations.map((l) => project(l.lat, l.lon));
    const box = fitBox(points);
    const svg = svgEl("svg", { viewBox: box.join(" "), class: "worldmap", role: "img", "aria-label": "event locations" });
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: 360 / geo.step, height: 180 / geo.step, class: "sea" }));
    const land = svgEl("g", { class: "land" });
    for (const c of geo.countries) {
      const n = counted.get(c.code) || 0;
      const path = svgEl("path", { d: c.d, class: "country" + (n ? " has-events" : "") + (filters.country === c.code ? " selected" : ""),
        "data-code": c.code || "" }, svgEl("title", { text: c.name + (n ? ": " + n + " events" : "") }));
      if (c.code) path.addEventListener("click", () => selectCountry(c.code));
      land.appendChild(path);
    }
    svg.appendChild(land);
    const unit = box[2] / 360;
    const maxN = Math.max(1, ...locations.map((l) => l.events));
    locations.forEach((l, i) => {
      const quads = [l.q1, l.q2, l.q3, l.q4];
      const q = quads.indexOf(Math.max(...quads)) + 1;
      const r = unit * (3 + 9 * Math.sqrt(l.events / maxN));
      const dot = svgEl("circle", { cx: points[i][0], cy: points[i][1], r, class: "place q" + q, tabindex: 0,
        "data-name": l.name || "", "data-events": l.events }, svgEl("title", { text: (l.name || "?") + ": " + l.events + " events" }));
      dot.addEventListener("click", () => selectPlace(l));
      svg.appendChild(dot);
    });
    clear(mapBox).appendChild(svg);
    status.textContent = locations.length + " places with " + locations.reduce((s, l) => s + l.events, 0) + " located events";
  }

  async function load() {
    try {
      if (!geo) geo = await api("/api/geo/countries");
      const [locs, counts] = await Promise.all([
        api("/api/locations", filters),
        api("/api/counts", Object.assign({}, filters, { by: "country" })),
      ]);
      draw(locs.locations, counts.counts);
    } catch (error) {
      showError(mapBox, error);
    }
  }

  async function selectPlace(place) {
    for (const c of mapBox.querySelectorAll("circle.selected")) c.classList.remove("selected");
    for (const c of mapBox.querySelectorAll("circle.place")) if (c.dataset.name === (place.name || "")) c.classList.add("selected");
    try {
      const data = await api("/api/events", Object.assign({}, filters, { limit: 500 }));
      const here = data.events.filter((r) => r.event_loc && r.event_loc.name === place.name);
      clear(listBox).appendChild(el("h3", { id: "place-title", text: (place.name || "?") + " — " + here.length + " events" }));
      listBox.appendChild(eventTable(here, (r) => showReport(reportBox, r.cite_info.citation, r.id)));
    } catch (error) {
      showError(listBox, error);
    }
  }

  function selectCountry(code) {
    filters = Object.assign({}, filters, { country: filters.country === code ? "" : code });
    form.set("country", filters.country);
    setFilters(filters);
    load();
  }

  const form = filterForm(document.getElementById("filter-box"), (f) => { filters = f; load(); });
  document.getElementById("legend").appendChild(legend([["q1", QUAD_NAMES[1]], ["q2", QUAD_NAMES[2]], ["q3", QUAD_NAMES[3]], ["q4", QUAD_NAMES[4]]]));
  load();
})();
