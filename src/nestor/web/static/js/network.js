// Actor network: who acts on whom. Nodes on a circle (busiest first), arrows from actor to recipient,
// width = number of events, colour = mean PLOVER event_scale (red: conflict, blue: cooperation).
// A click on a node filters the list to events with it as actor.
"use strict";

(function () {
  const graphBox = document.getElementById("graph");
  const listBox = document.getElementById("node-events");
  const reportBox = document.getElementById("report-box");
  const status = document.getElementById("status");
  let filters = currentFilters();

  function scaleColour(s) {
    if (s === null || s === undefined) return "scale-none";
    const bucket = Math.max(-4, Math.min(4, Math.round(s / 2.5)));
    return "scale" + (bucket < 0 ? "m" + -bucket : bucket);
  }

  function draw(graph) {
    clear(graphBox);
    if (!graph.edges.length) { graphBox.appendChild(el("p", { class: "muted", text: "no actor–recipient pairs match" })); return; }
    const nodes = graph.nodes.slice().sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1));
    const W = 900, H = 640, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 110;
    const pos = new Map();
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      pos.set(n.id, [cx + R * Math.cos(a), cy + R * Math.sin(a), a]);
    });
    const maxW = Math.max(...graph.edges.map((e) => e.events));
    const svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, class: "network", role: "img", "aria-label": "actor network" });
    svg.appendChild(svgEl("defs", {}, svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }))));
    for (const e of graph.edges) {
      const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
      const w = 1 + 7 * (e.events / maxW);
      let d;
      if (e.source === e.target) d = "M " + x1 + " " + y1 + " c 40 -60 80 0 0 0";
      else {
        const mx = (x1 + x2) / 2 + (cy - (y1 + y2) / 2) * 0.15, my = (y1 + y2) / 2 + ((x1 + x2) / 2 - cx) * 0.15;
        d = "M " + x1 + " " + y1 + " Q " + mx + " " + my + " " + x2 + " " + y2;
      }
      svg.appendChild(svgEl("path", { d, class: "edge " + scaleColour(e.mean_scale), "stroke-width": w.toFixed(1), "marker-end": "url(#arrow)",
        "data-source": e.source, "data-target": e.target, "data-events": e.events },
        svgEl("title", { text: e.source + " → " + e.target + ": " + e.events + " events, mean scale " + (e.mean_scale === null ? "n/a" : e.mean_scale) })));
    }
    for (const n of nodes) {
      const [x, y, a] = pos.get(n.id);
      const right = Math.cos(a) >= 0;
      const g = svgEl("g", { class: "node" + (filters.actor === n.id ? " selected" : ""), "data-id": n.id, tabindex: 0 }, [
        svgEl("circle", { cx: x, cy: y, r: 4 + Math.sqrt(n.events) * 2 }),
        svgEl("text", { x: x + (right ? 10 : -10), y: y + 4, "text-anchor": right ? "start" : "end", text: n.id + (n.code && n.code !== n.id ? " (" + n.code + ")" : "") }),
        svgEl("title", { text: n.id + ": " + n.events + " events" }),
      ]);
      g.addEventListener("click", () => selectNode(n.id));
      svg.appendChild(g);
    }
    graphBox.appendChild(svg);
    status.textContent = nodes.length + " actors, " + graph.edges.length + " links";
  }

  async function load() {
    try {
      const by = document.getElementById("by").value;
      const params = Object.assign({}, filters, { by });
      delete params.actor;
      draw(await api("/api/network", params));
      if (filters.actor) await loadList(); else clear(listBox);
    } catch (error) {
      showError(graphBox, error);
    }
  }

  async function loadList() {
    const by = document.getElementById("by").value;
    const params = Object.assign({}, filters, { limit: 200 });
    if (by === "country") { params.country = filters.actor; params.role = "actor"; delete params.actor; }
    const data = await api("/api/events", params);
    clear(listBox).appendChild(el("h3", { id: "node-title", text: filters.actor + " as actor — " + data.total + " events" }));
    listBox.appendChild(eventTable(data.events, (r) => showReport(reportBox, r.cite_info.citation, r.id)));
  }

  function selectNode(id) {
    filters = Object.assign({}, filters, { actor: filters.actor === id ? "" : id });
    form.set("actor", filters.actor);
    setFilters(filters);
    for (const g of graphBox.querySelectorAll("g.node")) g.classList.toggle("selected", g.dataset.id === filters.actor);
    if (filters.actor) loadList().catch((e) => showError(listBox, e)); else clear(listBox);
  }

  const form = filterForm(document.getElementById("filter-box"), (f) => { filters = f; load(); });
  document.getElementById("by").addEventListener("change", () => { filters.actor = ""; form.set("actor", ""); load(); });
  document.getElementById("legend").appendChild(legend([["scalem4", "conflict (scale −10)"], ["scale0", "neutral"], ["scale4", "cooperation (+10)"]]));
  load();
})();
