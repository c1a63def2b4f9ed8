// Story view: each real event as every outlet told it, side by side, with how many independent sources
// back it, where the reports disagree, and the claims nobody is named for.
"use strict";

(function () {
  const listBox = document.getElementById("story-list");
  const storyBox = document.getElementById("story");
  const status = document.getElementById("status");

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function claimantLabel(c) {
    if (!c) return "";
    if (typeof c === "string") return c;
    return c.identifier_text || c.entity_text || c.code || "";
  }

  function clusterCard(c) {
    const independent = c.independent_sources || 0;
    const badge = independent >= 2 ? ["corroborated", "corroborated by " + independent + " independent sources"]
      : ["single", independent === 1 ? "one independent source" : "no independent source"];
    const members = (c.members || []).map((m) => el("div", { class: "member" + (m.derived_from ? " derived" : "") }, [
      el("h4", { class: "outlet", text: m.publication || m.document || "?" }),
      m.derived_from ? el("p", { class: "derived-note", text: "copies or rewrites " + text(m.derived_from) }) : null,
      el("blockquote", { class: "member-text", text: m.text || "" }),
      el("p", { class: "meta" }, [
        el("span", { class: "realis realis-" + text(m.realis), text: text(m.realis) }),
        " · ",
        el("span", { text: m.attribution ? "said by " + claimantLabel(m.attribution.claimant || m.attribution) : "outlet's own voice" }),
        " · ",
        el("span", { class: "doc-id", text: m.document || "" }),
      ]),
    ]));
    const s = eventSummary(c);
    return el("section", { class: "cluster " + (QUAD_CLASS[c.quad_code] || ""), "data-cluster": c.event_cluster || c.id || "" }, [
      el("header", {}, [
        el("h3", { text: [s.date, s.type, s.actor + (s.recipient ? " → " + s.recipient : "")].filter(Boolean).join(" · ") }),
        el("p", { class: "counts" }, [
          el("span", { class: "badge " + badge[0], text: badge[1] }),
          " " + (c.reports || members.length) + " reports, " + (c.sources || 0) + " outlets",
        ]),
      ]),
      el("div", { class: "members" }, members),
    ]);
  }

  function discrepancyList(items) {
    if (!items.length) return el("p", { class: "muted", text: "the reports do not disagree on numbers, dates or roles" });
    return el("ul", { class: "discrepancies" }, items.map((d) => {
      // values: one per document, as a list in document order or an object keyed by document id
      const docs = d.documents || [], outlets = d.outlets || [], texts = d.texts || [], values = d.values || {};
      const valueOf = (i) => Array.isArray(values) ? values[i] : values[docs[i]];
      const n = Math.max(docs.length, Array.isArray(values) ? values.length : 0);
      const rows = [];
      if (d.figures && d.figures.length) {
        for (const f of d.figures) {
          rows.push(el("tr", {}, [el("td", { text: text(f.outlet) + (f.claimant ? " — " + text(f.claimant) : "") + (f.date ? ", " + text(f.date) : "") }), el("td", { class: "value", text: text(f.written) }), el("td", { text: text(f.sentence) })]));
        }
      }
      for (let i = 0; i < n && !(d.figures && d.figures.length); i++) {
        rows.push(el("tr", {}, [el("td", { text: text(outlets[i] || docs[i]) }), el("td", { class: "value", text: text(valueOf(i)) }), el("td", { text: text(texts[i]) })]));
      }
      return el("li", { class: "discrepancy" }, [
        el("strong", { text: text(d.kind) + ": " }), el("span", { text: text(d.what) }),
        el("table", {}, [el("thead", {}, el("tr", {}, ["outlet", "says", "sentence"].map((h) => el("th", { text: h })))), el("tbody", {}, rows)]),
      ]);
    }));
  }

  // Every count the story's reports give (dead, injured, detained, troops ...), grouped by what it counts;
  // the figures of a disputed quantity are marked.
  function figureTable(rows) {
    if (!rows || !rows.length) return el("p", { class: "muted", text: "the reports give no figures" });
    const body = rows.map((f) => el("tr", { class: f.disputed ? "disputed" : "" }, [
      el("td", { text: text(f.what) + (f.disputed ? " (disputed)" : "") }),
      el("td", { class: "value", text: text(f.written) }),
      el("td", { text: text(f.outlet) + (f.derived_from ? " (from " + text(f.derived_from) + ")" : "") }),
      el("td", { text: f.claimant ? text(f.claimant) : "the outlet" }),
      el("td", { text: text(f.date) }),
      el("td", { class: "sentence", text: text(f.sentence) }),
    ]));
    return el("div", { class: "discrepancy figures" }, el("table", {}, [
      el("thead", {}, el("tr", {}, ["counts", "figure", "outlet", "according to", "date", "sentence"].map((h) => el("th", { text: h })))),
      el("tbody", {}, body),
    ]));
  }

  function claimList(items) {
    const unsourced = items.filter((c) => !c.sourced);
    if (!unsourced.length) return el("p", { class: "muted", text: "no unsourced claims" });
    return el("ul", { class: "claims" }, unsourced.map((c) => el("li", { class: "claim" }, [
      el("q", { text: c.text || "" }),
      el("span", { class: "meta", text: " — " + text(c.document) + (c.cue ? " (" + c.cue + ")" : "") +
        ((c.corroborated_by || []).length ? "; also in " + c.corroborated_by.map(text).join(", ") : "; nobody else says so") }),
    ])));
  }

  async function showStory(id) {
    for (const a of listBox.querySelectorAll("li")) a.classList.toggle("selected", a.dataset.id === id);
    const params = new URLSearchParams(window.location.search);
    params.set("id", id);
    window.history.replaceState(null, "", "/stories?" + params.toString());
    clear(storyBox).appendChild(el("p", { class: "muted", text: "loading…" }));
    try {
      const data = await api("/api/stories/" + encodeURIComponent(id));
      const st = data.story;
      clear(storyBox);
      append(storyBox, [
        el("h2", { id: "story-title", text: st.label || st.id }),
        el("p", { class: "meta", text: [st.first_date, st.last_date].filter(Boolean).join(" to ") + " · " + (st.size || (st.documents || []).length) + " reports · " + (st.outlets || []).map(text).join(", ") }),
        el("h3", { text: "Events, as each outlet told them" }),
        data.clusters.length ? el("div", { class: "clusters" }, data.clusters.map(clusterCard)) : el("p", { class: "muted", text: "no events" }),
        el("h3", { text: "Figures" }),
        figureTable(data.figures),
        el("h3", { text: "Disagreements" }),
        discrepancyList(data.discrepancies),
        el("h3", { text: "Unsourced claims" }),
        claimList(data.claims),
      ]);
    } catch (error) {
      showError(storyBox, error);
    }
  }

  async function load() {
    try {
      const data = await api("/api/stories");
      clear(listBox);
      if (!data.stories.length) {
        status.textContent = "";
        storyBox.appendChild(el("p", { class: "muted", id: "no-stories", text: "This store has no merged stories yet: reports are grouped into stories when they are ingested with merging." }));
        return;
      }
      status.textContent = data.stories.length + " stories";
      listBox.appendChild(el("ul", {}, data.stories.map((s) => el("li", { "data-id": s.id, tabindex: 0, on: { click: () => showStory(s.id), keydown: (ev) => { if (ev.key === "Enter") showStory(s.id); } } }, [
        el("strong", { text: s.label || s.id }),
        el("span", { class: "meta", text: " " + (s.size || 0) + " reports · " + [s.first_date, s.last_date].filter(Boolean).join("–") }),
      ]))));
      const wanted = new URLSearchParams(window.location.search).get("id");
      showStory(wanted && data.stories.some((s) => s.id === wanted) ? wanted : data.stories[0].id);
    } catch (error) {
      showError(listBox, error);
    }
  }

  load();
})();
