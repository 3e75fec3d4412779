// Model Rollouts dashboard. Plain JS, no library: the plugin serves views over Server-Sent Events and applies
// actions; the page never talks to the API server.
"use strict";

const token = document.querySelector('meta[name="mdep-token"]').content;
const $ = (id) => document.getElementById(id);
const state = { list: null, detail: null, open: null, listSource: null, detailSource: null, pending: null };

// h("td", {class: "x"}, "text", child): an element; strings become text nodes (never parsed as HTML).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style") Object.assign(el.style, v); // through the CSSOM: the page's CSP refuses style attributes
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// ---- formatting -------------------------------------------------------------------------------------------------
function age(iso) {
  if (!iso) return "-";
  const d = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return d < 120 ? `${Math.floor(d)}s` : d < 7200 ? `${Math.floor(d / 60)}m` : d < 172800 ? `${Math.floor(d / 3600)}h` : `${Math.floor(d / 86400)}d`;
}
function num(v) {
  if (v === null || v === undefined) return "–";
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
function when(iso) {
  if (!iso) return "-";
  const t = new Date(iso);
  return t.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}
function thresholdText(t) {
  if (!t) return "";
  const parts = [];
  if (t.min !== null && t.min !== undefined) parts.push(`min ${num(t.min)}`);
  if (t.max !== null && t.max !== undefined) parts.push(`max ${num(t.max)}`);
  return parts.join(", ") + (t.unit ? ` ${t.unit}` : "");
}
function compare(value, t) {
  if (value === null || value === undefined || !t) return "";
  if (t.max !== null && t.max !== undefined) return value > t.max ? ` > ${num(t.max)}` : ` ≤ ${num(t.max)}`;
  if (t.min !== null && t.min !== undefined) return value < t.min ? ` < ${num(t.min)}` : ` ≥ ${num(t.min)}`;
  return "";
}
const phaseBadge = (phase) => h("span", { class: `phase phase-${phase || "none"}` }, phase || "no status");
const ageCell = (iso) => h("span", { dataset: { time: iso || "" }, title: when(iso) }, age(iso));

// ---- list ---------------------------------------------------------------------------------------------------------
function renderList() {
  const view = state.list;
  if (!view) return;
  $("scope").textContent = view.namespace ? `namespace ${view.namespace}` : "all namespaces";
  $("list").classList.toggle("ns-hidden", !!view.namespace);
  const body = $("list").tBodies[0];
  body.replaceChildren(...view.items.map(rowElement));
  $("empty").hidden = view.items.length > 0;
}

function rowElement(r) {
  const href = `#/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
  return h("tr", { dataset: { name: r.name, namespace: r.namespace } },
    h("td", { class: "ns-col" }, r.namespace),
    h("th", { scope: "row" }, h("a", { href, class: "open-link" }, r.name), h("span", { class: "sub" }, r.model ? `model ${r.model}` : "", r.pendingAction ? ` · ${r.pendingAction} pending` : "")),
    h("td", { class: "phase-cell", title: r.message || null }, phaseBadge(r.phase), r.message ? h("span", { class: "sub message-line" }, r.message) : null),
    h("td", { class: "num step" }, r.step ? `${r.step}/${r.stepCount}` : "-"),
    h("td", { class: "weight-cell" }, r.weight === null || r.weight === undefined ? "-" :
      h("span", { class: "weight" }, h("span", { class: "weight-bar", "aria-hidden": "true" }, h("span", { style: { width: `${r.weight}%` } })), `${r.weight}%`)),
    h("td", { class: "nowrap stable" }, r.stableVersion || "-"),
    h("td", { class: "nowrap canary" }, r.canaryVersion || "-"),
    h("td", { class: "checks-cell" }, r.checks.length === 0 ? h("span", { class: "muted" }, "-") :
      h("span", { class: "checks" }, r.checks.map(c => h("span", { class: "check", title: thresholdText(c.threshold) },
        h("b", {}, c.name), `${num(c.value)}${compare(c.value, c.threshold)}`, h("span", { class: `verdict-${c.verdict}` }, c.verdict))))),
    h("td", { class: "num" }, ageCell(r.created)));
}

// ---- detail -------------------------------------------------------------------------------------------------------
function renderDetail() {
  const d = state.detail;
  if (!d) return;
  const r = d.row;
  $("detail-title").textContent = r.name;
  $("detail-phase").replaceWith(Object.assign(phaseBadge(r.phase), { id: "detail-phase" }));
  $("detail-message").textContent = r.message || "";
  const summary = h("dl", { class: "summary" },
    item("Namespace", r.namespace),
    item("Model", r.model || "-"),
    item("Strategy", r.strategy),
    item("Step", r.step ? `${r.step}/${r.stepCount}` : "-"),
    item("Weight", r.weight === null || r.weight === undefined ? "-" : `canary ${r.weight}% / stable ${100 - r.weight}%`),
    item("Stable", version(r.stableVersion, d.stableRevision)),
    item("Canary", version(r.canaryVersion, d.canaryRevision)),
    item("Observed generation", `${d.observedGeneration ?? "-"} of ${d.generation ?? "-"}`),
    item("Age", ageCell(r.created)),
    r.pendingAction ? item("Pending action", r.pendingAction) : null);
  const body = $("detail-body");
  body.replaceChildren(
    summary,
    section("Steps", d.steps.length === 0 ? h("p", { class: "muted" }, "No steps.") :
      h("ol", { class: "steps", id: "steps" }, d.steps.map(st => h("li", { class: st.state, "aria-current": st.state === "current" ? "step" : null }, st.label)))),
    section("Analysis", analysis(d.analysis)),
    section("Conditions", table(["Type", "Status", "Reason", "Message", "Last transition"], d.conditions,
      c => [c.type, c.status, c.reason || "-", c.message || "-", ageWithTime(c.lastTransitionTime)], "conditions")),
    section("History", table(["Time", "Version", "Revision", "Result", "Message"], d.history,
      x => [when(x.time), x.version, x.revision, x.result, x.message || "-"], "history")),
    section("Events", table(["Age", "Type", "Reason", "Message", "Count"], d.events,
      e => [ageCell(e.time), e.type || "-", e.reason || "-", e.message || "-", e.count ?? "-"], "events")));
}

const item = (label, value) => h("div", {}, h("dt", {}, label), h("dd", {}, value));
const version = (v, rev) => v ? (rev ? `${v} (revision ${rev})` : v) : "-";
const ageWithTime = (iso) => h("span", { title: when(iso), dataset: { time: iso || "" } }, age(iso));
function section(title, content) {
  const id = `sec-${title.toLowerCase()}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), content);
}
function table(headers, rows, cells, id) {
  if (!rows || rows.length === 0) return h("p", { class: "muted" }, "None.");
  return h("div", { class: "table-scroll" }, h("table", { class: "rows", id },
    h("thead", {}, h("tr", {}, headers.map(x => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map(r => h("tr", {}, cells(r).map(c => h("td", {}, c)))))));
}

function analysis(a) {
  if (!a) return h("p", { class: "muted" }, "No analysis runs now.");
  return [
    h("p", { class: "analysis-head" },
      h("b", {}, a.purpose), ` of ${a.targetVersion}: `, h("span", { class: `verdict-${a.phase === "Running" ? "" : a.phase}` }, a.phase),
      ` · rounds ${a.rounds} (${a.successfulRounds} successful, ${a.failedRounds} failed, ${a.inconclusiveRounds} inconclusive)`,
      a.nextMeasurementAt ? ` · next round ${when(a.nextMeasurementAt)}` : "",
      a.message ? h("span", { class: "sub" }, a.message) : null),
    h("div", { class: "cards" }, a.checks.map(checkCard)),
  ];
}

function checkCard(c) {
  const last = c.measurements[c.measurements.length - 1];
  return h("article", { class: "card", dataset: { check: c.name } },
    h("h3", {}, c.name, " ", h("span", { class: "muted" }, thresholdText(c.threshold) ? `(${thresholdText(c.threshold)})` : "")),
    h("p", { class: "counts" }, `${c.successes} successful · ${c.failures} failed · ${c.inconclusives} inconclusive · ${c.consecutiveErrors} errors in a row`),
    chart(c),
    last ? h("p", { class: "last" }, "Last: ", h("b", {}, num(last.value)), compare(last.value, c.threshold), " ",
      h("span", { class: `verdict-${last.verdict}` }, last.verdict), h("span", { class: "sub" }, last.message)) : h("p", { class: "last muted" }, "No measurement yet."),
    c.measurements.some(m => m.value === null || m.value === undefined) ? h("p", { class: "sub" }, "× a round without a value (no data, NaN or an error)") : null,
    c.threshold.note ? h("p", { class: "sub" }, c.threshold.note) : null);
}

// The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above v (a round top for the value axis).
function nice(v) {
  if (!(v > 0)) return v;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map(m => m * p).find(c => c >= v * 0.9999);
}

// A small inline SVG line chart of a check's kept measurements (oldest left), with its threshold(s) dashed.
function chart(c) {
  const W = 320, H = 120, L = 44, R = 8, T = 8, B = 18;
  const ms = c.measurements;
  const values = ms.map(m => m.value).filter(v => v !== null && v !== undefined);
  const t = c.threshold;
  const lines = [t.min, t.max].filter(v => v !== null && v !== undefined);
  let lo = Math.min(0, ...values, ...lines), hi = Math.max(...values, ...lines, lo + 1e-9);
  if (hi === lo) hi = lo + 1;
  hi = nice(hi + (hi - lo) * 0.08);
  const P = 10; // keep points off the axis
  const x = (i) => ms.length === 1 ? L + (W - L - R) / 2 : L + P + i * (W - L - R - P) / (ms.length - 1);
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const label = `${c.name}: ${ms.length} measurements` + (lines.length ? `, threshold ${thresholdText(t)}` : "");
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label },
    s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }),
    s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }),
    s("text", { x: L - 4, y: T + 8, "text-anchor": "end" }, num(hi)),
    s("text", { x: L - 4, y: H - B, "text-anchor": "end" }, num(lo)),
    ms.length ? s("text", { x: x(0), y: H - 4, "text-anchor": ms.length === 1 ? "middle" : "start" }, when(ms[0].time).slice(11, 19)) : null,
    ms.length > 1 ? s("text", { x: W - R, y: H - 4, "text-anchor": "end" }, when(ms[ms.length - 1].time).slice(11, 19)) : null);
  for (const v of lines) {
    svg.append(s("line", { class: "threshold", x1: L, y1: y(v), x2: W - R, y2: y(v), "data-threshold": v }));
    svg.append(s("text", { class: "threshold-label", x: L + 4, y: y(v) - 3 }, `${v === t.min && v !== t.max ? "min" : "max"} ${num(v)}`));
  }
  const pts = ms.map((m, i) => [m, i]).filter(([m]) => m.value !== null && m.value !== undefined);
  if (pts.length > 1) svg.append(s("polyline", { class: "line", points: pts.map(([m, i]) => `${x(i).toFixed(1)},${y(m.value).toFixed(1)}`).join(" ") }));
  ms.forEach((m, i) => {
    const tip = `${when(m.time)}: ${num(m.value)} ${m.verdict}${m.message ? ` — ${m.message}` : ""}`;
    if (m.value === null || m.value === undefined) {
      const cx = x(i), cy = H - B - 6;
      svg.append(s("path", { class: "novalue", d: `M${cx - 3},${cy - 3}L${cx + 3},${cy + 3}M${cx + 3},${cy - 3}L${cx - 3},${cy + 3}`, "data-verdict": m.verdict }, s("title", {}, tip)));
    } else {
      svg.append(s("circle", { class: `point p-${m.verdict}`, cx: x(i).toFixed(1), cy: y(m.value).toFixed(1), r: 3.5, "data-value": m.value, "data-verdict": m.verdict }, s("title", {}, tip)));
    }
  });
  return svg;
}

// ---- actions ------------------------------------------------------------------------------------------------------
const describe = {
  "promote": "go on to the next step (blue-green: switch to the preview)",
  "promote-full": "go to 100% at once, skipping the remaining steps and analysis",
  "pause": "pause the rollout where it is",
  "resume": "resume the paused rollout",
  "retry": "retry the aborted rollout from its first step",
  "abort": "abort the rollout: traffic goes back to the stable version",
};

function askAction(action) {
  if (!state.open) return;
  state.pending = action;
  $("confirm-title").textContent = `${action.charAt(0).toUpperCase()}${action.slice(1)} ${state.open.name}?`;
  $("confirm-text").textContent = `This asks the operator to ${describe[action]} for ${state.open.namespace}/${state.open.name}.`;
  $("confirm-ok").textContent = action.charAt(0).toUpperCase() + action.slice(1);
  $("confirm-ok").className = action === "abort" ? "primary danger-primary" : "primary";
  $("confirm").returnValue = "";
  $("confirm").showModal();
  $("confirm-cancel").focus();
}

async function sendAction(action, target) {
  const result = $("action-result");
  result.className = "action-result";
  result.textContent = `${action}: sending…`;
  try {
    const response = await fetch(`/api/modeldeployments/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.name)}/actions/${encodeURIComponent(action)}`,
      { method: "POST", headers: { "X-Mdep-Token": token, "Content-Type": "application/json" }, body: "{}" });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    result.className = `action-result ${response.ok ? "ok" : "error"}`;
    result.textContent = response.ok ? body.message : `${action} failed: ${body.error || `HTTP ${response.status}`}`;
  } catch (e) {
    result.className = "action-result error";
    result.textContent = `${action} failed: ${e.message}`;
  }
}

// ---- streams and routing ------------------------------------------------------------------------------------------
function setConnection(live) {
  const el = $("connection");
  el.className = `connection ${live ? "live" : "down"}`;
  el.textContent = live ? "live" : "reconnecting…";
}

function connectList() {
  // EventSource reconnects by itself; the server starts every stream with the whole current view.
  const source = new EventSource("/api/stream");
  source.addEventListener("open", () => setConnection(true));
  source.addEventListener("error", () => setConnection(false));
  source.addEventListener("list", (e) => { state.list = JSON.parse(e.data); renderList(); });
  state.listSource = source;
}

function route() {
  const m = location.hash.match(/^#\/([^/]+)\/([^/]+)$/);
  if (state.detailSource) { state.detailSource.close(); state.detailSource = null; }
  if (!m) {
    state.open = null;
    state.detail = null;
    $("detail-view").hidden = true;
    $("list-view").hidden = false;
    document.title = "Model Rollouts dashboard";
    return;
  }
  const target = { namespace: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) };
  state.open = target;
  state.detail = null;
  $("list-view").hidden = true;
  $("detail-view").hidden = false;
  $("detail-title").textContent = target.name;
  $("detail-message").textContent = "loading…";
  $("detail-body").replaceChildren();
  $("action-result").textContent = "";
  document.title = `${target.name} · Model Rollouts dashboard`;
  const source = new EventSource(`/api/stream/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.name)}`);
  source.addEventListener("detail", (e) => { state.detail = JSON.parse(e.data); renderDetail(); });
  source.addEventListener("gone", () => {
    state.detail = null;
    $("detail-message").textContent = `modeldeployment ${target.namespace}/${target.name} does not exist (or is outside this dashboard's namespace).`;
    $("detail-body").replaceChildren();
  });
  state.detailSource = source;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("#actions button")) b.addEventListener("click", () => askAction(b.dataset.action));
  $("confirm").addEventListener("close", () => {
    const action = state.pending;
    state.pending = null;
    if ($("confirm").returnValue === "ok" && action && state.open) sendAction(action, state.open);
    else if (action) { $("action-result").className = "action-result"; $("action-result").textContent = `${action} cancelled.`; }
  });
  window.addEventListener("hashchange", route);
  connectList();
  route();
  // Ages move with the clock; no request is made.
  setInterval(() => { for (const el of document.querySelectorAll("[data-time]")) el.textContent = age(el.dataset.time); }, 5000);
});
