// The accessemu inspector: plain JavaScript over the emulator's admin API. Every change goes
// through the same admin routes a test would call; the page keeps no state of its own beyond what
// it shows.
"use strict";

const ADMIN = "/__emulator";
const TOKEN_KEY = "accessemu-admin-token";

const ui = {
  tenant: "default",
  tab: "state",
  overview: null,
  clockNow: null, // the tenant's clock when last read (Date)
  state: null,
  entries: new Map(), // seq -> journal entry
  selected: null, // seq of the entry in the detail view
  library: [],
  stream: null, // AbortController of the live journal
  fresh: new Set(), // seqs that arrived since the last render, to flash
  gone: false, // the open tenant was deleted
  stateStale: true, // the state changed since it was last read
};

// ---- small helpers ----

const $ = (id) => document.getElementById(id);

// h builds an element: attributes (on* as listeners), then children (strings become text).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

function headers(extra) {
  const hd = Object.assign({}, extra);
  if (token()) hd.Authorization = "Bearer " + token();
  return hd;
}

class Refused extends Error {}

// api calls the admin API; a 401 shows the token form.
async function api(method, path, body) {
  const init = { method, headers: headers(body !== undefined ? { "Content-Type": "application/json" } : {}) };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(ADMIN + path, init);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
  if (res.status === 401) {
    showLogin((data && data.error) || "The admin API refused the request.");
    throw new Refused(data && data.error);
  }
  if (!res.ok) throw new Error((data && data.error) || res.status + " " + res.statusText);
  return data;
}

const tpath = (suffix) => "/tenants/" + encodeURIComponent(ui.tenant) + suffix;

function say(text, isError) {
  const m = $("message");
  m.textContent = text;
  m.classList.toggle("error", !!isError);
}

// act runs an admin action, reports it and refreshes what it may have changed.
async function act(label, fn) {
  try {
    await fn();
    say(label);
  } catch (err) {
    if (!(err instanceof Refused)) say(label.replace(/\.$/, "") + " failed: " + err.message, true);
    return;
  }
  await refresh();
}

function fmtTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/Z$/, " UTC");
}

function pretty(text) {
  if (text === undefined || text === null || text === "") return "(empty)";
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { return text; }
}

function statusClass(status) {
  if (status === 0) return "failed";
  return String(status)[0] + "xx";
}

function failed(status) { return status === 0 || status >= 400; }

// ---- login ----

function showLogin(reason) {
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-reason").textContent = token() ? "Refused: that token is not this emulator's admin token." : "Refused: " + reason;
  stopStream();
  $("token").focus();
}

$("login-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("token").value);
  $("token").value = "";
  start();
});

$("forget-token").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});

// ---- routing: #/<tenant>/<tab> ----

function readHash() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  if (parts[0]) ui.tenant = decodeURIComponent(parts[0]);
  if (["state", "journal", "scenarios"].includes(parts[1])) ui.tab = parts[1];
}

function writeHash() {
  const want = "#/" + encodeURIComponent(ui.tenant) + "/" + ui.tab;
  if (location.hash !== want) history.replaceState(null, "", want);
}

window.addEventListener("hashchange", () => {
  const before = ui.tenant;
  readHash();
  selectTab(ui.tab, false);
  if (ui.tenant !== before) openTenant(ui.tenant);
});

// ---- tabs ----

const TABS = ["state", "journal", "scenarios"];

function selectTab(name, focus) {
  ui.tab = name;
  for (const t of TABS) {
    const tab = $("tab-" + t);
    const on = t === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + t).hidden = !on;
    if (on && focus) tab.focus();
  }
  writeHash();
  if (name === "state" && ui.stateStale && !ui.gone && !$("app").hidden) loadState().catch(() => {});
}

for (const t of TABS) {
  const tab = $("tab-" + t);
  tab.addEventListener("click", () => selectTab(t, false));
  tab.addEventListener("keydown", (ev) => {
    const i = TABS.indexOf(t);
    if (ev.key === "ArrowRight") selectTab(TABS[(i + 1) % TABS.length], true);
    else if (ev.key === "ArrowLeft") selectTab(TABS[(i + TABS.length - 1) % TABS.length], true);
    else return;
    ev.preventDefault();
  });
}

// ---- tenants ----

async function loadOverview() {
  ui.overview = await api("GET", "/overview");
  $("version").textContent = "version " + ui.overview.version;
  renderTenants();
  const t = ui.overview.tenants.find((x) => x.name === ui.tenant);
  if (!t && ui.stream) {
    // Deleted (DELETE /__emulator/tenants/{t}): its journal is gone with it. Reading it again would
    // make it anew, so wait until a request does.
    stopStream();
    ui.gone = true;
    say(`Tenant ${ui.tenant} was deleted; it is made again, from the loaded world, on its next use.`, true);
  } else if (t && ui.gone) {
    ui.gone = false;
    openTenant(ui.tenant);
    return;
  }
  if (t) {
    ui.clockNow = new Date(t.clock.now);
    $("clock-now").textContent = fmtTime(t.clock.now);
    $("clock-now").setAttribute("datetime", t.clock.now);
    $("clock-kind").textContent = t.clock.virtual ? "virtual" : "real time";
    $("clock-kind").className = "badge" + (t.clock.virtual ? " virtual" : "");
    renderActiveScenarios(t.scenarios);
  }
  fillProviders();
}

function renderTenants() {
  const list = $("tenant-list");
  list.replaceChildren(...ui.overview.tenants.map((t) => {
    const names = t.scenarios.map((s) => s.name);
    const label = `${t.name}: ${t.requests} request${t.requests === 1 ? "" : "s"}, clock ${fmtTime(t.clock.now)}${t.clock.virtual ? " (virtual)" : ""}, ` +
      (names.length ? "scenarios " + names.join(", ") : "no scenario active");
    return h("li", {}, h("button", {
      type: "button", "aria-current": t.name === ui.tenant ? "true" : "false", "aria-label": label,
      onclick: () => { location.hash = "#/" + encodeURIComponent(t.name) + "/" + ui.tab; },
    },
    h("span", { class: "name" }, t.name),
    h("span", { class: "meta" }, `${t.requests} req · ${t.clock.virtual ? "virtual " : ""}${fmtTime(t.clock.now)}`),
    h("span", { class: "meta" }, names.length ? "▶ " + names.join(", ") : "no scenario")));
  }));
  if (!ui.overview.tenants.length) list.replaceChildren(h("li", { class: "muted" }, "No tenant yet."));
}

$("open-tenant").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const name = $("tenant-name").value.trim();
  if (!name) return;
  $("tenant-name").value = "";
  location.hash = "#/" + encodeURIComponent(name) + "/" + ui.tab;
});

async function openTenant(name) {
  ui.tenant = name;
  ui.gone = false;
  ui.entries = new Map();
  ui.selected = null;
  $("tenant-title").textContent = name;
  document.title = name + " · accessemu inspector";
  writeHash();
  renderDetail();
  try {
    // Reading the clock makes the tenant if it is new, so the overview lists it.
    await api("GET", tpath("/clock"));
    await refresh();
  } catch (err) {
    if (!(err instanceof Refused)) say(err.message, true);
    return;
  }
  startStream();
}

// refresh reads the tenant list, and the state when it is on screen (otherwise when it is shown).
async function refresh() {
  await loadOverview();
  ui.stateStale = true;
  if (!ui.gone && ui.tab === "state") await loadState();
}

// ---- state ----

async function loadState() {
  ui.stateStale = false;
  ui.state = await api("GET", tpath("/state?format=json"));
  renderState();
}

function renderState() {
  const out = [];
  for (const [name, section] of Object.entries(ui.state || {})) {
    const render = RENDERERS[name] || renderSection;
    out.push(h("section", { class: "section", "aria-labelledby": "state-" + name },
      h("h3", { id: "state-" + name }, providerTitle(name)),
      render(section, name),
      rawJSON(name, section)));
  }
  $("state").replaceChildren(...out);
}

// rawJSON is a section as JSON, written out only when opened (a big world's is megabytes).
function rawJSON(name, section) {
  const pre = h("pre", {});
  const d = h("details", { class: "raw", ontoggle: () => { if (d.open && !pre.textContent) pre.textContent = JSON.stringify(section, null, 2); } },
    h("summary", {}, `All of ${name} as JSON`), pre);
  return d;
}

function providerTitle(name) {
  return { adapty: "Adapty", airtable: "Airtable", parcel: "Parcel" }[name] || name;
}

// MAX_ROWS bounds each table, so that a world of a hundred thousand identities stays readable.
const MAX_ROWS = 500;

function table(caption, head, rows, empty) {
  if (!rows.length) return h("p", { class: "muted" }, empty || "Nothing.");
  return h("div", {}, h("table", { class: "grid" },
    h("caption", { class: "sr-only" }, caption),
    h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.slice(0, MAX_ROWS))),
  rows.length > MAX_ROWS ? h("p", { class: "muted" }, `The first ${MAX_ROWS} of ${rows.length} rows; the state dump (GET ${ADMIN}${tpath("/state")}) has them all.`) : null);
}

// rest renders the keys of a section that a provider's table did not show, so that state added
// later still appears.
function rest(section, shown) {
  const others = Object.keys(section || {}).filter((k) => !shown.includes(k));
  return others.map((k) => {
    const v = section[k];
    // A group of settings reads best on one line.
    if (v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x !== "object")) {
      return h("p", { class: "settings" }, h("strong", {}, k + ": "),
        Object.entries(v).map(([name, x], i) => [i ? " · " : "", h("span", { class: "mono" }, name + " " + x)]));
    }
    return h("div", { class: "subsection" }, h("h4", {}, k), renderGeneric(v, k));
  });
}

const RENDERERS = {
  adapty(section) {
    const now = ui.clockNow || new Date();
    const parts = [];
    for (const app of section.apps || []) {
      const rows = [];
      for (const p of app.profiles || []) {
        const who = [h("strong", {}, p.customer_user_id || "(no customer user id)"), h("br"), h("span", { class: "mono muted" }, p.profile_id)];
        const levels = p.access_levels || [];
        if (!levels.length) {
          rows.push(h("tr", { "data-profile": p.customer_user_id || p.profile_id }, h("td", {}, who), h("td", { colspan: 4, class: "muted" }, "no access level")));
          continue;
        }
        levels.forEach((l, i) => {
          const expires = l.expires_at ? new Date(l.expires_at) : null;
          const active = !expires || expires > now;
          rows.push(h("tr", { "data-profile": p.customer_user_id || p.profile_id, "data-level": l.access_level_id },
            i === 0 ? h("td", { rowspan: levels.length }, who) : null,
            h("td", {}, l.access_level_id),
            h("td", {}, h("span", { class: "badge " + (active ? "active" : "expired") }, active ? "active" : "expired")),
            h("td", {}, expires ? fmtTime(l.expires_at) : "never (lifetime)"),
            h("td", { class: "mono" }, [l.store, l.store_product_id].filter(Boolean).join(" · "))));
        });
      }
      parts.push(h("p", {}, "App ", h("span", { class: "mono" }, app.app_id), " · levels: ", (app.access_levels || []).join(", ")),
        table("Adapty profiles and their access levels", ["Profile", "Access level", "On the tenant's clock", "Expires", "Store"], rows, "No profile."),
        rest(app, ["app_id", "access_levels", "profiles", "secret_keys"]));
    }
    return h("div", {}, parts, rest(section, ["apps"]));
  },

  airtable(section) {
    const parts = [];
    for (const acct of section.enterprise_accounts || []) {
      const withState = (acct.users || []).some((u) => u.state);
      const rows = (acct.users || []).map((u) => {
        const role = airtableRole(u);
        return h("tr", { "data-user": u.id },
          h("td", {}, u.name || ""), h("td", {}, u.email || ""), h("td", { class: "mono" }, u.id),
          h("td", {}, h("span", { class: "badge " + role.cls }, role.text)),
          withState ? h("td", {}, u.state ? h("span", { class: "badge" + (u.state === "deactivated" ? " expired" : "") }, u.state) : "") : null);
      });
      parts.push(h("p", {}, "Enterprise account ", h("span", { class: "mono" }, acct.id), " · domains: ", (acct.email_domains || []).join(", ")),
        table("Airtable users and their roles", ["Name", "Email", "User ID", "Role"].concat(withState ? ["State"] : []), rows, "No user."),
        rest(acct, ["id", "email_domains", "users"]));
    }
    return h("div", {}, parts, rest(section, ["enterprise_accounts"]));
  },

  parcel(section) {
    const discordOf = {};
    for (const [discord, roblox] of Object.entries(section.discord_links || {})) (discordOf[roblox] = discordOf[roblox] || []).push(discord);
    const parts = [];
    for (const hub of section.hubs || []) {
      const rows = (hub.products || []).map((p) => {
        const owners = (hub.licenses || []).filter((l) => l.product_id === p.id);
        return h("tr", { "data-product": p.id },
          h("td", {}, p.name || ""), h("td", { class: "mono" }, p.id),
          h("td", {}, owners.length ? h("ul", { class: "owners" }, owners.map((l) => {
            const discords = [...(discordOf[l.roblox_id] || []), ...(l.discord_id ? [l.discord_id] : [])];
            return h("li", {}, "Roblox ", h("span", { class: "mono" }, l.roblox_id),
              discords.length ? [" · Discord ", h("span", { class: "mono" }, [...new Set(discords)].join(", "))] : null);
          })) : h("span", { class: "muted" }, "no owner")));
      });
      parts.push(h("p", {}, "Hub ", h("strong", {}, hub.name || ""), " ", h("span", { class: "mono muted" }, hub.id)),
        table("Parcel products and the owners of each licence", ["Product", "Product ID", "Licence owners"], rows, "No product."),
        rest(hub, ["id", "name", "products", "licenses", "keys"]));
    }
    return h("div", {}, parts, rest(section, ["hubs"]));
  },
};

function airtableRole(u) {
  if (u.deleted) return { text: "deleted", cls: "removed" };
  if (u.removed || u.state === "removed") return { text: "removed", cls: "removed" };
  if (u.super_admin) return { text: "super admin", cls: "role-super" };
  if (u.admin) return { text: "admin", cls: "role-admin" };
  if (u.member === false) return { text: "not a member", cls: "" };
  return { text: "member", cls: "" };
}

// renderSection shows a section the page has no table for: each of its keys in turn.
function renderSection(section, name) {
  if (section && typeof section === "object" && !Array.isArray(section)) return h("div", {}, rest(section, []));
  return renderGeneric(section, name);
}

// renderGeneric shows any value: a list of objects as a table, an object as key/value rows.
function renderGeneric(v, name) {
  if (v === null || typeof v !== "object") return h("p", { class: "mono" }, v === null ? "null" : String(v));
  const cell = (x) => (x !== null && typeof x === "object" ? h("code", {}, JSON.stringify(x)) : x === null ? "null" : String(x));
  if (Array.isArray(v)) {
    if (!v.length) return h("p", { class: "muted" }, "(empty)");
    if (v.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      const keys = [...new Set(v.flatMap(Object.keys))];
      return table(name, keys, v.map((x) => h("tr", {}, keys.map((k) => h("td", {}, k in x ? cell(x[k]) : "")))));
    }
    return h("p", { class: "mono" }, v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", "));
  }
  const keys = Object.keys(v);
  if (!keys.length) return h("p", { class: "muted" }, "(empty)");
  return table(name, ["Key", "Value"], keys.map((k) => h("tr", {}, h("td", { class: "mono" }, k), h("td", {}, cell(v[k])))));
}

// ---- journal ----

function stopStream() {
  if (ui.stream) ui.stream.abort();
  ui.stream = null;
  setLive(false, "not connected");
}

function setLive(on, text) {
  $("live").textContent = text;
  $("live").classList.toggle("on", on);
}

// startStream follows the tenant's journal. EventSource cannot send the Authorization header, so
// the stream is read with fetch, which sends it like every other call.
function startStream() {
  stopStream();
  const ctrl = new AbortController();
  ui.stream = ctrl;
  const tenant = ui.tenant;
  (async () => {
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch(ADMIN + tpath("/journal/stream"), { headers: headers(), signal: ctrl.signal });
        if (res.status === 401) { showLogin("the admin API needs its token"); return; }
        if (!res.ok || !res.body) throw new Error("stream answered " + res.status);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            onEvent(buf.slice(0, i), tenant);
            buf = buf.slice(i + 2);
          }
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
      }
      setLive(false, "reconnecting…");
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
}

function onEvent(block, tenant) {
  if (tenant !== ui.tenant) return;
  let name = "message", data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) name = line.slice(7);
    else if (line.startsWith("data: ")) data += line.slice(6);
  }
  switch (name) {
    case "ready":
      setLive(true, "live");
      loadJournal();
      break;
    case "entry": {
      const e = JSON.parse(data);
      ui.entries.set(e.seq, e);
      ui.fresh.add(e.seq);
      scheduleRender();
      break;
    }
    case "clear":
      ui.entries = new Map();
      scheduleRender();
      break;
    case "resync":
      loadJournal();
      break;
  }
}

async function loadJournal() {
  try {
    const data = await api("GET", tpath("/journal"));
    const fresh = new Map();
    for (const e of data.entries) fresh.set(e.seq, e);
    // Entries the stream sent while the list was read are kept.
    for (const [seq, e] of ui.entries) if (!fresh.has(seq) && seq > Math.max(0, ...fresh.keys())) fresh.set(seq, e);
    ui.entries = fresh;
    scheduleRender();
  } catch (err) {
    if (!(err instanceof Refused)) say("Reading the journal failed: " + err.message, true);
  }
}

let renderPending = false;
let stateTimer = null;

// scheduleRender draws the journal once per frame however many entries arrive, and reads the
// state and the tenant list again soon after, since requests change them: at most a few times a
// second under load, so that a busy emulator is not asked for its whole state on every request.
function scheduleRender() {
  if (!renderPending) {
    renderPending = true;
    requestAnimationFrame(() => { renderPending = false; renderJournal(); });
  }
  if (stateTimer === null) {
    stateTimer = setTimeout(() => { stateTimer = null; refresh().catch(() => {}); }, 250);
  }
}

function matches(e) {
  const p = $("f-provider").value, o = $("f-operation").value, s = $("f-status").value;
  if (p && e.provider !== p) return false;
  if (o && e.operation !== o) return false;
  if (s === "failed") return failed(e.status);
  if (s && String(e.status)[0] !== s) return false;
  return true;
}

function fillProviders() {
  const sel = $("f-provider");
  const have = new Set([...sel.options].map((o) => o.value));
  for (const p of (ui.overview && ui.overview.providers) || []) if (!have.has(p)) sel.append(h("option", { value: p }, p));
}

function fillOperations() {
  const sel = $("f-operation");
  const have = new Set([...sel.options].map((o) => o.value));
  const ops = [...new Set([...ui.entries.values()].map((e) => e.operation).filter(Boolean))].sort();
  for (const op of ops) if (!have.has(op)) sel.append(h("option", { value: op }, op));
}

function renderJournal() {
  fillOperations();
  const all = [...ui.entries.values()].sort((a, b) => b.seq - a.seq);
  const shown = all.filter(matches);
  $("journal-count").textContent = "(" + all.length + ")";
  $("journal-shown").textContent = (shown.length === all.length ? `${all.length} requests` : `${shown.length} of ${all.length} requests`) +
    (shown.length > MAX_ROWS ? ` (the newest ${MAX_ROWS} listed)` : "");
  $("journal-empty").hidden = all.length > 0;
  $("journal-rows").replaceChildren(...shown.slice(0, MAX_ROWS).map((e) => {
    const bad = failed(e.status);
    return h("tr", {
      class: (bad ? "failed " : "") + (ui.fresh.has(e.seq) ? "new" : ""), "data-seq": e.seq,
      "aria-selected": e.seq === ui.selected ? "true" : "false",
    },
    h("td", {}, h("button", { type: "button", class: "link", "aria-label": `Open request ${e.seq}: ${e.method} ${e.path}, ${e.status || "dropped"}`, onclick: () => openEntry(e.seq) }, "#" + e.seq)),
    h("td", { class: "mono", title: e.time }, fmtTime(e.time).slice(11, 19)),
    h("td", { class: "mono" }, e.method + " " + e.path),
    h("td", {}, [e.provider, e.operation].filter(Boolean).join(" · ")),
    h("td", {}, h("span", { class: "badge " + (bad ? "bad" : "ok") }, bad ? "✖ " + (e.status || "dropped") : String(e.status))),
    h("td", {}, e.scenario ? h("span", { class: "badge warn" }, e.scenario) : ""),
    h("td", { class: "num" }, e.duration_ms.toFixed(2)));
  }));
  ui.fresh.clear();
  if (ui.selected !== null && !ui.entries.has(ui.selected)) { ui.selected = null; renderDetail(); }
}

for (const id of ["f-provider", "f-operation", "f-status"]) $(id).addEventListener("change", renderJournal);

// openEntry shows a request in full; one that arrived by the stream is read first, since the
// stream sends a line per request without its headers and bodies.
async function openEntry(seq) {
  ui.selected = seq;
  const e = ui.entries.get(seq);
  if (e && !e.headers) {
    try {
      ui.entries.set(seq, await api("GET", tpath("/journal/" + seq)));
    } catch (err) {
      if (!(err instanceof Refused)) say(`Reading request #${seq} failed: ${err.message}`, true);
    }
  }
  renderJournal();
  renderDetail();
  $("detail").focus();
}

function renderDetail() {
  const e = ui.entries.get(ui.selected);
  const d = $("detail");
  if (!e) { d.replaceChildren(h("p", { class: "muted" }, "Choose a request to see it in full.")); return; }
  const bad = failed(e.status);
  const hdrs = Object.keys(e.headers || {}).sort();
  d.replaceChildren(
    h("h3", {}, `Request #${e.seq} `, h("span", { class: "badge " + (bad ? "bad" : "ok") }, bad ? "✖ " + (e.status || "dropped") : String(e.status))),
    h("dl", {},
      h("dt", {}, "Request"), h("dd", { class: "mono" }, e.method + " " + e.path + (e.query ? "?" + e.query : "")),
      h("dt", {}, "Operation"), h("dd", {}, [e.provider, e.operation].filter(Boolean).join(" · ") || "(no operation)"),
      h("dt", {}, "Time"), h("dd", {}, fmtTime(e.time) + " (tenant clock)"),
      h("dt", {}, "Took"), h("dd", {}, e.duration_ms.toFixed(3) + " ms"),
      h("dt", {}, "Scenario"), h("dd", {}, e.scenario ? h("span", { class: "badge warn" }, e.scenario) : "none fired")),
    h("h4", {}, "Response " + (e.status || "(connection dropped, no answer)")), h("pre", { "aria-label": "Response body" }, pretty(e.response_body)),
    h("h4", {}, "Request body"), h("pre", { "aria-label": "Request body" }, pretty(e.body)),
    h("h4", {}, "Request headers (credentials masked)"),
    hdrs.length ? h("table", { class: "grid" }, h("tbody", {}, hdrs.map((k) => h("tr", {}, h("th", { scope: "row" }, k), h("td", { class: "mono" }, e.headers[k]))))) : h("p", { class: "muted" }, "none"),
    h("button", { type: "button", onclick: () => { ui.selected = null; renderJournal(); renderDetail(); } }, "Close detail"));
}

// ---- scenarios ----

function renderActiveScenarios(list) {
  $("scenario-count").textContent = "(" + list.length + ")";
  const ul = $("active-scenarios");
  if (!list.length) { ul.replaceChildren(h("li", { class: "muted" }, "None: requests get the real answers.")); return; }
  ul.replaceChildren(...list.map((s) => h("li", { "data-scenario": s.name },
    h("strong", {}, s.name),
    h("span", { class: "desc" }, s.description),
    h("span", { class: "badge" }, "fired " + (s.fired || []).reduce((a, b) => a + b, 0)),
    h("button", { type: "button", "aria-label": "Deactivate " + s.name, onclick: () => act(`Deactivated ${s.name}.`, () => api("DELETE", tpath("/scenarios/" + encodeURIComponent(s.name)))) }, "Deactivate"))));
}

async function loadLibrary() {
  const data = await api("GET", "/scenarios/library");
  ui.library = data.scenarios;
  const groups = {};
  for (const s of ui.library) (groups[s.name.split("-")[0]] = groups[s.name.split("-")[0]] || []).push(s);
  $("library").replaceChildren(...Object.keys(groups).sort().map((g) =>
    h("optgroup", { label: providerTitle(g) }, groups[g].map((s) => h("option", { value: s.name }, s.name)))));
  describeLibrary();
}

function describeLibrary() {
  const s = ui.library.find((x) => x.name === $("library").value);
  $("library-description").textContent = s ? s.description : "";
}

$("library").addEventListener("change", describeLibrary);
$("activate").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const name = $("library").value;
  act(`Activated ${name}: the next matching request gets its answer.`, () => api("POST", tpath("/scenarios"), { name }));
});

// ---- tenant actions ----

$("reset-tenant").addEventListener("click", () => act("Tenant reset to the loaded world (state, clock, journal, scenarios).", () => api("POST", tpath("/reset"))));
$("clear-journal").addEventListener("click", () => act("Journal cleared.", () => api("DELETE", tpath("/journal"))));
$("reset-clock").addEventListener("click", () => act("Clock back to real time.", () => api("DELETE", tpath("/clock"))));
$("advance-clock").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const by = $("advance-by").value.trim();
  act(`Clock advanced by ${by}.`, () => api("POST", tpath("/clock/advance"), { by }));
});
$("set-clock").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const now = $("set-now").value.trim();
  act(`Clock set to ${now}.`, () => api("PUT", tpath("/clock"), { now }));
});

// ---- start ----

async function start() {
  readHash();
  try {
    await api("GET", "/overview");
  } catch (err) {
    if (!(err instanceof Refused)) { $("login").hidden = false; $("login-reason").textContent = err.message; }
    return;
  }
  $("login").hidden = true;
  $("app").hidden = false;
  $("forget-token").hidden = !token();
  selectTab(ui.tab, false);
  await loadLibrary();
  await openTenant(ui.tenant);
}

// The tenant list and clocks change without journal entries too (other tenants, admin calls).
setInterval(() => { if (!$("app").hidden && document.visibilityState === "visible") loadOverview().catch(() => {}); }, 3000);

start();
