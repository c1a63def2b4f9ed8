// nestor dashboard: shared helpers. Everything from the store is put into the page with textContent or
// setAttribute on known attributes, never parsed as HTML.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_CLASS = { 1: "q1", 2: "q2", 3: "q3", 4: "q4" };

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function svgEl(tag, attrs, children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (/^on/i.test(key)) throw new Error("event handlers are added with on: {...}");
    else node.setAttribute(key, String(value));
  }
}

function append(node, children) {
  if (children === null || children === undefined) return;
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const response = await fetch(url.toString(), { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error((body && body.error && body.error.message) || response.statusText);
  return body;
}

function showError(target, error) {
  clear(target);
  target.appendChild(el("p", { class: "error", role: "alert", text: String(error.message || error) }));
}

// -- filters: a form whose values live in the page's query string -----------------------------------

const FILTER_FIELDS = [
  { name: "since", label: "from", placeholder: "YYYY-MM-DD" },
  { name: "until", label: "to", placeholder: "YYYY-MM-DD" },
  { name: "day", label: "day", placeholder: "YYYY-MM-DD" },
  { name: "country", label: "country", placeholder: "KAZ,RUS" },
  { name: "actor", label: "actor", placeholder: "code or name" },
  { name: "recipient", label: "recipient", placeholder: "code or name" },
  { name: "type", label: "type", placeholder: "PROTEST" },
  { name: "quad", label: "quad", options: ["", "1", "2", "3", "4"] },
  { name: "realis", label: "realis", options: ["", "actual", "planned", "possible", "negated"] },
  { name: "attributed", label: "voice", options: ["", "no", "yes"], texts: { no: "own", yes: "attributed" } },
  { name: "story", label: "story", placeholder: "story id" },
  { name: "search", label: "words", placeholder: "in the sentence" },
];
// the names of earlier versions, still read from links: name -> [new name, value -> new value]
const FORMER_FILTERS = {
  q: ["search", {}],
  attribution: ["attributed", { own: "no", unattributed: "no", attributed: "yes", claimed: "yes" }],
};
// filters a link may carry that the form does not show; kept when the form is applied
const HIDDEN_FILTERS = ["document", "cluster", "role"];

function currentFilters() {
  const params = new URLSearchParams(window.location.search);
  const out = {};
  for (const [old, [name, values]] of Object.entries(FORMER_FILTERS)) {
    const v = params.get(old);
    if (v) out[name] = values[v.toLowerCase()] || v;
  }
  for (const name of FILTER_FIELDS.map((f) => f.name).concat(HIDDEN_FILTERS)) {
    const v = params.get(name);
    if (v) out[name] = v;
  }
  return out;
}

function setFilters(filters) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const qs = params.toString();
  window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
}

function filterForm(container, onChange) {
  const values = currentFilters();
  const form = el("form", { class: "filters", id: "filters" });
  for (const f of FILTER_FIELDS) {
    let input;
    if (f.options) {
      input = el("select", { name: f.name, id: "f-" + f.name });
      for (const o of f.options) {
        const shown = f.texts && f.texts[o] ? f.texts[o] : o;
        const opt = el("option", { value: o, text: o === "" ? "any" : (f.name === "quad" ? o + " " + QUAD_NAMES[o] : shown) });
        if ((values[f.name] || "") === o) opt.selected = true;
        input.appendChild(opt);
      }
      input.addEventListener("change", () => form.requestSubmit());
    } else {
      input = el("input", { name: f.name, id: "f-" + f.name, placeholder: f.placeholder, size: 11 });
      input.value = values[f.name] || "";
    }
    form.appendChild(el("label", { for: "f-" + f.name }, [f.label, " ", input]));
  }
  form.appendChild(el("button", { type: "submit", text: "apply" }));
  form.appendChild(el("button", { type: "button", class: "reset", text: "clear", on: { click: () => {
    for (const input of form.querySelectorAll("input, select")) input.value = "";
    form.requestSubmit();
  } } }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const filters = {};
    const kept = currentFilters();
    for (const name of HIDDEN_FILTERS) if (kept[name]) filters[name] = kept[name];
    for (const input of form.querySelectorAll("input, select")) if (input.value.trim()) filters[input.name] = input.value.trim();
    setFilters(filters);
    onChange(filters);
  });
  clear(container).appendChild(form);
  return {
    set(name, value) {
      const input = form.querySelector('[name="' + name + '"]');
      if (input) input.value = value || "";
    },
    submit() { form.requestSubmit(); },
  };
}

// -- event records, drawn the same way on every page -------------------------------------------------

function entityLabel(list) {
  return (list || []).map((e) => e.identifier_text || e.entity_text || e.code || "?").join("; ");
}

function eventSummary(record) {
  const claimant = record.attribution && record.attribution.claimant;
  return {
    date: record.date || "",
    type: (record.event || []).join(", "),
    actor: entityLabel(record.actor),
    recipient: entityLabel(record.recipient),
    realis: (record.modality && record.modality.realis) || "",
    voice: claimant ? "said by " + (claimant.identifier_text || claimant.entity_text || claimant.code || "?") : "outlet",
    outlet: (record.cite_info && (record.cite_info.publication || record.cite_info.citation)) || "",
    place: (record.event_loc && record.event_loc.name) || "",
  };
}

const EVENT_COLUMNS = ["date", "type", "actor", "recipient", "realis", "voice", "outlet", "place"];

function eventTable(records, onSelect) {
  const head = el("tr", {}, EVENT_COLUMNS.map((c) => el("th", { scope: "col", text: c })).concat([el("th", { text: "sentence" })]));
  const rows = records.map((r) => {
    const s = eventSummary(r);
    const tr = el("tr", { class: "event-row " + (QUAD_CLASS[r.quad_code] || ""), "data-id": r.id, tabindex: 0 },
      EVENT_COLUMNS.map((c) => el("td", { class: "c-" + c, text: s[c] })).concat([el("td", { class: "c-text", text: r.text || "" })]));
    if (onSelect) {
      tr.addEventListener("click", () => onSelect(r, tr));
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onSelect(r, tr); });
    }
    return tr;
  });
  return el("table", { class: "events" }, [el("thead", {}, head), el("tbody", {}, rows)]);
}

// A report with its coded sentences marked; ``current`` is the event whose sentence is highlighted.
function reportView(doc, current) {
  const meta = [doc.publication, doc.published, doc.id].filter(Boolean).join(" · ");
  const body = el("div", { class: "report-text" });
  let focus = null;
  for (const seg of doc.segments) {
    if (!seg.events.length) { body.appendChild(document.createTextNode(seg.text)); continue; }
    const isCurrent = current && seg.events.includes(current);
    const mark = el("mark", { class: isCurrent ? "current" : "coded", "data-events": seg.events.join(" "), text: seg.text,
      title: seg.events.length + " coded event" + (seg.events.length > 1 ? "s" : "") });
    if (isCurrent && !focus) focus = mark;
    body.appendChild(mark);
  }
  const box = el("article", { class: "report", id: "report" }, [
    el("h3", { text: doc.title || doc.id }),
    el("p", { class: "meta", text: meta }),
    doc.url ? el("p", { class: "meta" }, ["source: ", el("span", { class: "url", text: doc.url })]) : null,
    body,
  ]);
  return { box, focus };
}

async function showReport(target, documentId, eventId) {
  clear(target).appendChild(el("p", { class: "muted", text: "loading report…" }));
  try {
    const doc = await api("/api/documents/" + encodeURIComponent(documentId));
    const { box, focus } = reportView(doc, eventId);
    clear(target).appendChild(box);
    if (focus) focus.scrollIntoView({ block: "center" });
  } catch (error) {
    showError(target, error);
  }
}

function legend(items) {
  return el("ul", { class: "legend" }, items.map(([cls, label]) => el("li", {}, [el("span", { class: "swatch " + cls }), label])));
}

function nav() {
  const here = window.location.pathname;
  const links = [["/timeline", "Timeline"], ["/map", "Map"], ["/network", "Actors"], ["/events", "Events"], ["/stories", "Stories"]];
  const bar = document.getElementById("nav");
  if (!bar) return;
  append(bar, [el("strong", { class: "brand", text: "nestor" })].concat(links.map(([href, label]) =>
    el("a", { href, class: here === href ? "active" : null, "aria-current": here === href ? "page" : null, text: label }))));
  api("/api/summary").then((s) => {
    append(bar, el("span", { class: "summary", id: "summary",
      text: s.events + " events from " + s.documents + " reports" + (s.first_date ? ", " + s.first_date + " to " + s.last_date : "") }));
  }).catch(() => {});
}

document.addEventListener("DOMContentLoaded", nav);
