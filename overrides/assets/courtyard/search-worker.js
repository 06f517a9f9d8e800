/* Courtyard's search worker (issue 17), in place of Material's lunr worker. It speaks
   Material's documented worker protocol (messages SETUP 0, READY 1, QUERY 2, RESULT 3; the
   worker named by `search` in the page's __config), so the header search box, the result
   list, keyboard navigation and ?h= highlighting stay Material's own.

   Two sources, both written at build time (generator/build/search_index.py):
   Material sends SETUP only once the reader starts a search (overrides/main.html holds its
   index request until then), so nothing below is fetched with the page.
   - entities.json (members, media, clients; fetched at SETUP, then READY): names and
     organisations by any substring, with or without separators (阿丽木江·买买提 /
     阿丽木江买买提 / 木江), pinyin full and initials (zhuge minghui, zgmh), the other Chinese
     script (深圳廣電集團), one wrong character when nothing else matches (雅士维);
   - text-N.json (every page and section as plain text; fetched right after READY): pages
     that mention the query, shown after the entities and merged in when they arrive.
   Ranking: exact name, pinyin or organisation > name / organisation contains > title (job)
   > one wrong character > page title > page text. Everything shown is HTML-escaped here. */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const MAX_ENTITIES = 300, MAX_PAGES = 200, MAX_SECTIONS = 3, AROUND = 40;
const SEPARATORS = /[\s\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65.\-_'’]+/g;

let searchBase = null;   // URL of the site's search/ folder
let inline = {};         // index files the page decrypted (encrypted members edition)
let textFiles = [];
let entities = null;     // prepared records, once loaded
let pages = null;        // {docs, byLocation}, once loaded
let textLoading = null;
let lastQuery = "";

const norm = s => s.normalize("NFKC").toLowerCase();
const squash = s => norm(s).replace(SEPARATORS, "");
const ascii = s => /^[a-z]+$/.test(s);
const escapeHTML = s => s.replace(/[&<>"']/g, c => (
  {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

function syllables(py) {
  if (!py) return null;
  const parts = py.split(" ");
  const starts = new Set();
  let full = "";
  for (const p of parts) { starts.add(full.length); full += p; }
  return {full, starts, initials: parts.map(p => p[0]).join("")};
}

function named(name, py, alt) {
  return {name, keys: alt ? [squash(name), squash(alt)] : [squash(name)], py: syllables(py)};
}

/* `locations`: the encrypted members edition's opaque page of a members-only entity. */
function prepare(data) {
  const orgs = data.orgs.map(([name, py, alt]) => named(name, py, alt));
  const moved = data.locations || {};
  const place = (kind, id) => moved[`${kind}/${id}/`] || `${kind}/${id}/`;
  return data.entities.map(([kind, id, name, org, detail, py, alt]) => ({
    kind, location: place(kind, id), self: named(name, py, alt),
    org: org >= 0 ? orgs[org] : null, detail, detailKey: squash(detail)
  }));
}

/* How a name matches the squashed query: 3 exactly, 2 contains it, 0 not at all. */
function matchName(n, q) {
  let how = 0;
  for (const k of n.keys) {
    if (k === q) return 3;
    if (k.includes(q)) how = 2;
  }
  if (n.py && q.length >= 2 && ascii(q)) {
    if (n.py.full === q || n.py.initials === q) return 3;
    if (how < 2) {
      for (let i = n.py.full.indexOf(q); i >= 0; i = n.py.full.indexOf(q, i + 1))
        if (n.py.starts.has(i)) return 2;
      if (n.py.initials.startsWith(q)) return 2;
    }
  }
  return how;
}

/* One wrong character: a window of the name as long as the query differs in one place. */
function nearly(n, q) {
  if (q.length < 3 || ascii(q)) return false;
  for (const k of n.keys) {
    for (let start = 0; start + q.length <= k.length; start++) {
      let wrong = 0;
      for (let j = 0; j < q.length && wrong < 2; j++) if (k[start + j] !== q[j]) wrong++;
      if (wrong === 1) return true;
    }
  }
  return false;
}

function highlight(text, terms) {
  const lower = text.toLowerCase();
  const marks = [];
  for (const t of terms) {
    if (!t) continue;
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length))
      marks.push([i, i + t.length]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = "", at = 0;
  for (const [from, to] of marks) {
    if (from < at) continue;
    out += escapeHTML(text.slice(at, from)) +
      `<mark data-md-highlight>${escapeHTML(text.slice(from, to))}</mark>`;
    at = to;
  }
  return out + escapeHTML(text.slice(at));
}

const whole = text => `<mark data-md-highlight>${escapeHTML(text)}</mark>`;

function entityScore(e, q, terms) {
  const name = matchName(e.self, q);
  if (name === 3) return {score: 100, name: true};
  const org = e.org ? matchName(e.org, q) : 0;
  if (org === 3) return {score: 90, org: true};
  if (name === 2) return {score: 70 + (e.self.keys[0].startsWith(q) ? 5 : 0), name: true};
  if (org === 2) return {score: 60, org: true};
  if (q.length >= 2 && e.detailKey.includes(q)) return {score: e.detailKey === q ? 55 : 50};
  if (terms.length > 1 && terms.every(t => {  // 王健 分众: every word somewhere
    const k = squash(t);
    return k && (matchName(e.self, k) || e.org && matchName(e.org, k) || e.detailKey.includes(k));
  })) return {score: 45};
  return null;
}

/* The name (and organisation) with the query marked; the whole name when it was found
   another way (pinyin, the other script, without separators, one wrong character). */
function marked(text, terms, matched) {
  const html = highlight(text, terms);
  return matched && !html.includes("<mark") ? whole(text) : html;
}

function entityDoc(e, m, terms) {
  const title = marked(e.self.name, terms, m.name);
  const parts = [];
  if (e.org) parts.push(marked(e.org.name, terms, m.org));
  if (e.detail) parts.push(highlight(e.detail, terms));
  const literal = terms.some(t => norm(e.self.name).includes(t) ||
    e.org && norm(e.org.name).includes(t) || norm(e.detail).includes(t));
  const found = literal ? terms : [m.org ? e.org.name : e.self.name];
  return {location: e.location, title, text: parts.length ? `<p>${parts.join(" · ")}</p>` : "",
          score: m.score, terms: Object.fromEntries(found.map(t => [t, true]))};
}

function searchEntities(q, terms) {
  if (!entities || !q) return [];
  const hits = [];
  for (const e of entities) {
    const m = entityScore(e, q, terms);
    if (m) hits.push([e, m]);
  }
  if (!hits.some(([, m]) => m.score >= 60)) {  // nothing found by name: one wrong character
    for (const e of entities) {
      if (nearly(e.self, q)) hits.push([e, {score: 40, name: true}]);
      else if (e.org && nearly(e.org, q)) hits.push([e, {score: 35, org: true}]);
    }
  }
  hits.sort((a, b) => b[1].score - a[1].score ||
    a[0].self.name.length - b[0].self.name.length);
  return hits.slice(0, MAX_ENTITIES).map(([e, m]) => entityDoc(e, m, terms));
}

function snippet(text, lower, terms) {
  let at = -1;
  for (const t of terms) { const i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; }
  if (at < 0) return text.length > 2 * AROUND ? escapeHTML(text.slice(0, 2 * AROUND)) + "…" : escapeHTML(text);
  const from = Math.max(0, at - AROUND), to = Math.min(text.length, at + 2 * AROUND);
  return (from > 0 ? "…" : "") + highlight(text.slice(from, to), terms) + (to < text.length ? "…" : "");
}

function searchPages(terms, skip) {
  if (!pages || !terms.length) return [];
  const groups = new Map();
  for (const d of pages.docs) {
    if (!terms.every(t => d.titleLower.includes(t) || d.textLower.includes(t))) continue;
    const page = d.location.split("#")[0];
    if (skip.has(page)) continue;
    const inTitle = terms.every(t => d.titleLower.includes(t));
    const score = inTitle ? (terms.join(" ") === d.titleLower ? 30 : 20) : 10;
    let g = groups.get(page);
    if (!g) groups.set(page, g = {score, docs: new Map()});
    g.score = Math.max(g.score, score);
    g.docs.set(d.location, d);
  }
  const out = [];
  for (const [page, g] of groups) {
    const parent = pages.byLocation.get(page) || g.docs.values().next().value;
    const sections = [...g.docs.values()].filter(d => d !== parent).slice(0, MAX_SECTIONS);
    const doc = (d, teaser) => ({
      location: d.location, title: highlight(d.title, terms),
      text: teaser ? `<p>${snippet(d.text, d.textLower, terms)}</p>` : "", score: g.score,
      terms: Object.fromEntries(terms.map(t => [t, true]))
    });
    out.push({score: g.score, item: [doc(parent, !sections.length), ...sections.map(d => doc(d, true))]});
  }
  out.sort((a, b) => b.score - a.score);  // stable: the site's order within a score
  return out.slice(0, MAX_PAGES).map(o => o.item);
}

function answer(query) {
  const terms = norm(query).split(/\s+/).filter(Boolean);
  const q = squash(query);
  const found = searchEntities(q, terms).map(doc => [doc]);
  const shown = new Set(found.map(([doc]) => doc.location));
  const items = [...found, ...searchPages(terms, shown)];
  postMessage({type: RESULT, data: {items, total: items.length}});
}

async function fetchJSON(name) {
  if (Object.hasOwn(inline, name)) return inline[name];  // handed over decrypted (lock.js)
  const response = await fetch(new URL(name, searchBase), {credentials: "same-origin"});
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.json();
}

/* Each chunk is prepared as it arrives, so a query typed meanwhile waits for one chunk at
   most; the page results come with the last one, in the site's order. */
function loadText() {
  const prepare = chunk => chunk.map(([location, title, text]) => ({
    location, title, text, titleLower: title.toLowerCase(), textLower: text.toLowerCase()}));
  textLoading = textLoading || Promise.all(textFiles.map(name => fetchJSON(name).then(prepare)))
    .then(parts => {
      const docs = parts.flat();
      pages = {docs, byLocation: new Map(docs.map(d => [d.location, d]))};
      if (lastQuery) answer(lastQuery);
    });
  return textLoading;
}

addEventListener("message", async ({data: message}) => {
  if (message.type === SETUP) {
    const own = message.data.config.courtyard || {};
    searchBase = new URL("../../search/", self.location);
    inline = own.inline || {};
    textFiles = own.text || [];
    try {
      if (own.entities) entities = prepare(await fetchJSON(own.entities));
    } catch (err) {
      entities = [];
      console.error("Courtyard search:", err);
    }
    postMessage({type: READY});
    loadText().catch(err => console.error("Courtyard search:", err));  // before anyone types
  } else if (message.type === QUERY) {
    lastQuery = message.data.trim();
    answer(lastQuery);
  }
});
