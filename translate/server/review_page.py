"""The review page: one self-contained HTML document (no CDN, no network but its own API).

Every string from a run reaches the page through ``textContent`` or a textarea's ``value`` — never
``innerHTML`` — and the Content-Security-Policy admits only this module's inline style and script (pinned
by hash) and requests to the page's own origin, so an article string (``<script>``, ``<img onerror>``)
cannot run. The token arrives in the address (``?token=``, which the server needs to hand out the page,
and which stays there so that a reload works); the script sends it as ``Authorization: Bearer`` on every
API call, and ``Referrer-Policy: no-referrer`` keeps the address from leaking anywhere.

Keyboard, as in MateCat and Weblate: Ctrl+Enter confirms the segment and moves to the next one,
Ctrl+↓ / Ctrl+↑ move, Esc puts back the last saved text, Ctrl+1/2/3 take a translation-memory suggestion. Leaving a changed box saves it unconfirmed.
"""

from __future__ import annotations

import base64
import hashlib

__all__ = ["SCRIPT", "STYLE", "content_security_policy", "page"]

STYLE = """
:root { --good: #1a7f37; --fair: #9a6700; --poor: #cf222e; --none: #6e7781; --line: #d0d7de; --mark: #fff3b0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1f2328; }
header { position: sticky; top: 0; z-index: 2; background: #f6f8fa; border-bottom: 1px solid var(--line); padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; align-items: center; }
header h1 { font-size: 1rem; margin: 0; }
header .figure { color: #57606a; }
#shortcuts { display: flex; gap: .8rem; margin: 0; padding: 0; list-style: none; font-size: .8rem; color: #57606a; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .3em; font: .75rem ui-monospace, monospace; background: #fff; }
#message { margin: 1rem; color: var(--poor); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.num { width: 6.5rem; } col.info { width: 12rem; }
tr.pair > td { vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
tr.pair.current > td { background: #f6fbff; }
tr.pair.flagged > td.num { box-shadow: inset 4px 0 0 var(--poor); }
body.only-flagged tr.pair:not(.flagged) { display: none; }
td.num { font-size: .8rem; color: #57606a; }
.kind { display: inline-block; margin-top: .2rem; padding: 0 .4em; border-radius: .6em; background: #eaeef2; font-size: .75rem; }
tr.kind-headline .kind, tr.kind-subheading .kind { background: #ddf4ff; } tr.kind-caption .kind { background: #fbefff; }
td.src { text-align: right; font-family: "Noto Naskh Arabic", "Amiri", "DejaVu Sans", sans-serif; font-size: 1.12em; white-space: pre-wrap; }
td.src[dir="ltr"] { text-align: left; }
tr.kind-headline td.src, tr.kind-headline textarea { font-weight: 600; font-size: 1.15em; }
textarea { width: 100%; min-height: 3.2em; font: inherit; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; resize: vertical; }
textarea:focus { outline: 2px solid #0969da; border-color: #0969da; }
.mt { margin: .25rem 0 0; font-size: .85rem; color: #57606a; white-space: pre-wrap; }
.required { margin: .2rem 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; font-size: .8rem; }
.required li { padding: 0 .4em; border-radius: .6em; background: var(--mark); }
.required li.missing { background: #ffebe9; color: var(--poor); text-decoration: line-through; }
mark.term { background: var(--mark); border-radius: 2px; }
mark.term.possible { background: transparent; border-bottom: 2px dotted var(--fair); }
.warning { margin: .25rem 0 0; color: var(--poor); font-size: .85rem; }
.conflict { margin: .3rem 0 0; padding: .4rem; border: 1px solid var(--poor); border-radius: 4px; background: #fff8f7; font-size: .85rem; }
.conflict .theirs { white-space: pre-wrap; font-style: italic; }
.conflict button { margin: .3rem .4rem 0 0; }
.score { display: inline-block; min-width: 2.4em; text-align: center; border-radius: 1em; padding: 0 .45em; color: #fff; font-weight: 600; }
.band-good { background: var(--good); } .band-fair { background: var(--fair); } .band-poor { background: var(--poor); }
.band-none { color: var(--none); border: 1px dashed var(--none); font-weight: 400; font-size: .8rem; }
.flags { margin: .2rem 0 0; padding: 0; list-style: none; font-size: .75rem; color: var(--poor); }
.status { display: inline-block; margin-top: .3rem; padding: 0 .45em; border-radius: .6em; font-size: .75rem; background: #eaeef2; }
.status.edited { background: #fff8c5; } .status.confirmed { background: #dafbe1; } .status.unsaved { background: #ffebe9; }
.tm-badge { display: inline-block; margin: .3rem 0 0 .3rem; padding: 0 .45em; border-radius: .6em; background: #ddf4ff; color: #0550ae; font-size: .75rem; font-weight: 600; }
ol.tm-suggestions { margin: .25rem 0 0; padding: 0; list-style: none; font-size: .85rem; }
ol.tm-suggestions li { margin-top: .1rem; } .tm-score { color: #0550ae; font-weight: 600; }
.hter { display: block; font-size: .8rem; color: #57606a; margin-top: .2rem; }
"""

BODY = """
<header>
  <h1 id="title">Review</h1>
  <label>Run <select id="run"></select></label>
  <span class="figure" id="progress"></span>
  <span class="figure" id="article-hter"></span>
  <label><input type="checkbox" id="only-flagged"> flagged only</label>
  <ul id="shortcuts" aria-label="Keyboard shortcuts">
    <li><kbd>Ctrl</kbd>+<kbd>Enter</kbd> confirm, next</li>
    <li><kbd>Ctrl</kbd>+<kbd>↓</kbd> next</li>
    <li><kbd>Ctrl</kbd>+<kbd>↑</kbd> previous</li>
    <li><kbd>Esc</kbd> back to the saved text</li>
    <li><kbd>Ctrl</kbd>+<kbd>1</kbd>–<kbd>3</kbd> take a memory suggestion</li>
  </ul>
</header>
<p id="message" hidden></p>
<main>
  <table>
    <colgroup><col class="num"><col><col><col class="info"></colgroup>
    <thead><tr><th>#</th><th>Arabic</th><th>English (editable)</th><th>Quality · status · HTER</th></tr></thead>
    <tbody id="pairs"></tbody>
  </table>
</main>
"""

SCRIPT = r"""
"use strict";
(function () {
  const IDLE_MS = 30000;
  const query = new URLSearchParams(location.search);
  const token = query.get("token");
  const body = document.body;
  const tbody = document.getElementById("pairs");
  const rows = [];
  let runName = null;

  function show(text) { const node = document.getElementById("message"); node.textContent = text; node.hidden = !text; }
  function el(tag, cls, text) { const node = document.createElement(tag); if (cls) node.className = cls; if (text !== undefined) node.textContent = text; return node; }
  function api(method, path, payload) {
    const init = { method: method, headers: { "Authorization": "Bearer " + token } };
    if (payload !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(payload); }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) { return { status: response.status, data: data }; });
    }, function (error) { return { status: 0, data: { error: "the server cannot be reached (" + error.message + ")" } }; });
  }
  function marked(text, spans) {
    const fragment = document.createDocumentFragment();
    let position = 0;
    spans.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (span) {
      if (span.start < position) return;
      fragment.append(text.slice(position, span.start));
      const mark = el("mark", span.possible ? "term possible" : "term", text.slice(span.start, span.end));
      mark.title = span.title;
      fragment.append(mark);
      position = span.end;
    });
    fragment.append(text.slice(position));
    return fragment;
  }
  function spansFor(pair, side) {
    const spans = [];
    pair.marks.forEach(function (mark) {
      const where = mark[side];
      if (!where) return;
      const term = pair.terms[mark.term];
      const title = term.surface + " → " + term.required + (term.enforce ? " (" + term.status + ")" : "? (possible: not enforced)");
      spans.push({ start: where[0], end: where[1], title: title, possible: !term.enforce });
    });
    return spans;
  }
  function grow(box) { box.style.height = "auto"; box.style.height = (box.scrollHeight + 2) + "px"; }
  function formatHter(value) { return value === null || value === undefined ? "–" : value.toFixed(1); }

  function setStatus(row) {
    const dirty = row.box.value !== row.saved;
    const name = dirty ? "unsaved" : row.confirmed ? "confirmed" : row.version ? "edited" : "machine";
    row.status.textContent = name;
    row.status.className = "status " + name;
    row.tr.dataset.status = name;
  }
  function setCheck(row, check) {
    row.hter.textContent = "HTER " + formatHter(check ? check.hter : null);
    row.hter.dataset.hter = check ? String(check.hter) : "";
    row.warning.textContent = "";
    if (check) {
      const problems = [];
      if (check.dropped_terms.length) problems.push("drops the required " + check.dropped_terms.join(", "));
      if (check.changed_numbers.length) problems.push("changes the number(s) " + check.changed_numbers.join(", "));
      row.warning.textContent = problems.length ? "Warning: this edit " + problems.join(" and ") + "." : "";
      row.required.querySelectorAll("li").forEach(function (item) { item.classList.toggle("missing", check.dropped_terms.indexOf(item.dataset.form) >= 0); });
    }
  }
  function setArticle(article) {
    const node = document.getElementById("article-hter");
    node.textContent = "article HTER " + formatHter(article.hter) + " over " + article.segments + " post-edited segment(s), " + article.edited + " changed";
    node.dataset.hter = article.hter === null ? "" : String(article.hter);
  }
  function setProgress() {
    const confirmed = rows.filter(function (row) { return row.confirmed; }).length;
    document.getElementById("progress").textContent = confirmed + " of " + rows.length + " confirmed";
    Array.prototype.forEach.call(document.getElementById("run").options, function (option) {
      if (option.value === runName) option.textContent = runName + " (" + confirmed + "/" + rows.length + ")";
    });
  }
  function check(row) {
    clearTimeout(row.timer);
    row.timer = setTimeout(function () {
      const text = row.box.value;
      api("POST", "/api/runs/" + encodeURIComponent(runName) + "/segments/" + row.pair.id + "/check", { target: text }).then(function (result) {
        if (result.status === 200 && row.box.value === text) { setCheck(row, result.data); setArticle(result.data.article); }
      });
    }, 200);
  }
  function showConflict(row, current, confirmed) {
    row.conflict.replaceChildren();
    row.conflict.hidden = false;
    row.conflict.append(el("div", "", "Saved elsewhere" + (current && current.editor ? " by " + current.editor : "") + " (version " + (current ? current.version : "none") + ") while you edited. Theirs:"));
    row.conflict.append(el("div", "theirs", current ? current.post_edit : ""));
    row.conflict.append(el("div", "", "Yours is still in the box."));
    const keep = el("button", "keep-mine", "Keep mine");
    const take = el("button", "take-theirs", "Take theirs");
    keep.type = take.type = "button";
    keep.addEventListener("click", function () { row.version = current ? current.version : null; row.conflict.hidden = true; row.conflicted = false; save(row, confirmed); });
    take.addEventListener("click", function () {
      row.version = current ? current.version : null; row.saved = current ? current.post_edit : row.pair.target; row.box.value = row.saved;
      row.confirmed = false; row.wantConfirm = false; row.conflict.hidden = true; row.conflicted = false; setStatus(row); check(row);
    });
    row.conflict.append(keep, take);
  }
  function save(row, confirmed) {
    // The run this row belongs to, fixed now: the editor may switch runs before the save runs.
    const name = runName;
    if (confirmed) row.wantConfirm = true;
    row.pending = row.pending.then(function () {
      const text = row.box.value;
      // A confirmation asked for and not yet on disk is not dropped by a later plain save.
      const confirming = Boolean(confirmed || row.wantConfirm);
      if (row.conflicted) return false;  // the editor chooses first: keep mine or take theirs
      if (text === row.saved && (!confirming || row.confirmed)) return true;
      const payload = { target: text, base: row.version, confirmed: confirming, seconds: row.seconds, keystrokes: row.keystrokes };
      return api("PUT", "/api/runs/" + encodeURIComponent(name) + "/segments/" + row.pair.id, payload).then(function (result) {
        if (result.status === 200) {
          row.version = result.data.version; row.saved = text; row.confirmed = confirming; row.seconds = 0; row.keystrokes = 0;
          if (confirming) row.wantConfirm = false;
          row.warningSave.textContent = result.data.memory_error ? "Saved, but not written to the memory: " + result.data.memory_error : ""; row.conflict.hidden = true;
          if (result.data.check) setCheck(row, result.data.check);
          if (result.data.article) setArticle(result.data.article);
          setStatus(row); setProgress();
          return true;
        }
        if (result.status === 409) { row.conflicted = true; showConflict(row, result.data.current, confirmed); return false; }
        row.warningSave.textContent = "Save failed: " + (result.data && result.data.error ? result.data.error : "HTTP " + result.status) + " — your text is still in the box.";
        setStatus(row);
        return false;
      });
    });
    return row.pending;
  }
  function focusRow(index) {
    const visible = rows.filter(function (row) { return row.tr.offsetParent !== null; });
    if (!visible.length) return;
    const target = visible[Math.max(0, Math.min(visible.length - 1, index))];
    target.box.focus();
    target.tr.scrollIntoView({ block: "nearest" });
  }
  function visibleIndex(row) { return rows.filter(function (r) { return r.tr.offsetParent !== null; }).indexOf(row); }

  function buildRow(pair) {
    const row = { pair: pair, saved: pair.post_edit === null ? pair.target : pair.post_edit, version: pair.version, confirmed: pair.confirmed, wantConfirm: false, seconds: 0, keystrokes: 0, lastKey: 0, pending: Promise.resolve(true) };
    const tr = el("tr", "pair kind-" + pair.kind + (pair.quality && pair.quality.flags.length ? " flagged" : ""));
    tr.id = "pair-" + pair.id; tr.dataset.id = String(pair.id);
    const num = el("td", "num"); num.append(el("div", "", String(pair.id + 1)), el("span", "kind", pair.kind));
    const src = el("td", "src"); src.dir = pair.language === "ar" ? "rtl" : "ltr"; src.lang = pair.language;
    src.append(marked(pair.source, spansFor(pair, "source")));
    const tgt = el("td", "tgt");
    const box = el("textarea"); box.dir = "ltr"; box.lang = "en"; box.value = row.saved; box.setAttribute("aria-label", "English for segment " + (pair.id + 1));
    const mt = el("p", "mt"); mt.append("MT: "); mt.append(marked(pair.target, spansFor(pair, "target")));
    const required = el("ul", "required");
    pair.terms.forEach(function (term) { if (!term.enforce) return; const item = el("li", "", term.required); item.dataset.form = term.required; item.title = "required form for " + term.surface; required.append(item); });
    const suggestions = el("ol", "tm-suggestions");
    (pair.tm_suggestions || []).forEach(function (match, index) {
      const item = el("li", "");
      item.append(el("kbd", "", "Ctrl+" + (index + 1)), " ", el("span", "tm-score", String(match.score)), " ", el("span", "tm-target", match.target));
      item.title = "memory: " + match.source + (match.provenance && match.provenance.editor ? " — " + match.provenance.editor : "");
      suggestions.append(item);
    });
    const warning = el("p", "warning"); const warningSave = el("p", "warning save-error"); const conflict = el("div", "conflict"); conflict.hidden = true;
    tgt.append(box, mt, required, suggestions, warning, warningSave, conflict);
    const info = el("td", "info");
    const score = el("span", "score band-" + pair.band, pair.quality ? String(Math.round(pair.quality.score)) : "no score");
    const flags = el("ul", "flags"); (pair.quality ? pair.quality.flags : []).forEach(function (flag) { flags.append(el("li", "", flag)); });
    const status = el("span", "status"); const hter = el("span", "hter");
    info.append(score, flags, status, hter);
    if (pair.origin === "tm" && pair.tm) { const badge = el("span", "tm-badge", "TM " + pair.tm.score); badge.title = "reused from the translation memory" + (pair.tm.provenance && pair.tm.provenance.editor ? " (" + pair.tm.provenance.editor + ")" : ""); info.append(badge); }
    tr.append(num, src, tgt, info);
    Object.assign(row, { tr: tr, box: box, status: status, hter: hter, warning: warning, warningSave: warningSave, conflict: conflict, required: required });

    box.addEventListener("focus", function () { rows.forEach(function (r) { r.tr.classList.remove("current"); }); tr.classList.add("current"); });
    box.addEventListener("input", function () { grow(box); setStatus(row); check(row); });
    box.addEventListener("focusout", function () { if (box.value !== row.saved) save(row, false); });
    box.addEventListener("keydown", function (event) {
      const now = Date.now();
      if (row.lastKey && now - row.lastKey < IDLE_MS) row.seconds += (now - row.lastKey) / 1000;
      row.lastKey = now;
      if (event.ctrlKey && event.key === "Enter") {
        event.preventDefault();
        // Move on at once, as CAT tools do; the save finishes behind, and a failure stays on its row.
        save(row, true);
        focusRow(visibleIndex(row) + 1);
      } else if (event.ctrlKey && event.key === "ArrowDown") { event.preventDefault(); focusRow(visibleIndex(row) + 1); }
      else if (event.ctrlKey && event.key === "ArrowUp") { event.preventDefault(); focusRow(visibleIndex(row) - 1); }
      else if (event.ctrlKey && /^[1-3]$/.test(event.key) && (pair.tm_suggestions || [])[Number(event.key) - 1]) {
        event.preventDefault();
        box.value = pair.tm_suggestions[Number(event.key) - 1].target; grow(box); setStatus(row); check(row);
      }
      else if (event.key === "Escape") { event.preventDefault(); box.value = row.saved; setStatus(row); check(row); }
      else if (!event.ctrlKey && !event.metaKey && (event.key.length === 1 || event.key === "Backspace" || event.key === "Delete")) { row.keystrokes += 1; }
    });
    setStatus(row); setCheck(row, pair.check);
    return row;
  }

  function load(name) {
    const select = document.getElementById("run");
    if (rows.some(function (row) { return row.box.value !== row.saved || row.conflicted; })) {
      // Never leave a run with text that is not on disk: the editor saves or reverts (Esc) first.
      show("Save (Ctrl+Enter) or revert (Esc) the changed segments of " + runName + " before opening another run.");
      select.value = runName;
      return Promise.resolve();
    }
    show("");
    return Promise.all(rows.map(function (row) { return row.pending; })).then(function () {
      return api("GET", "/api/runs/" + encodeURIComponent(name));
    }).then(function (result) {
      if (result.status !== 200) { show(result.data && result.data.error ? result.data.error : "cannot load " + name); return; }
      runName = name; rows.length = 0; tbody.replaceChildren();
      result.data.pairs.forEach(function (pair) { const row = buildRow(pair); rows.push(row); tbody.append(row.tr); });
      rows.forEach(function (row) { grow(row.box); });
      const headline = result.data.pairs.find(function (pair) { return pair.kind === "headline"; });
      document.getElementById("title").textContent = name + (headline ? " — " + headline.source : "");
      setArticle(result.data.article); setProgress();
      body.dataset.loaded = name;
    });
  }

  document.getElementById("only-flagged").addEventListener("change", function (event) { body.classList.toggle("only-flagged", event.target.checked); });
  document.getElementById("run").addEventListener("change", function (event) { load(event.target.value); });
  window.addEventListener("beforeunload", function (event) { if (rows.some(function (row) { return row.box.value !== row.saved; })) { event.preventDefault(); event.returnValue = ""; } });
  if (!token) { show("No token: open the address `translate review` printed (it ends with ?token=…)."); return; }
  api("GET", "/api/runs").then(function (result) {
    if (result.status !== 200) { show(result.data && result.data.error ? result.data.error : "HTTP " + result.status); return; }
    const select = document.getElementById("run");
    result.data.forEach(function (entry) { const option = el("option", "", entry.run + " (" + entry.confirmed + "/" + entry.segments + ")"); option.value = entry.run; select.append(option); });
    if (result.data.length) load(result.data[0].run);
  });
})();
"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy() -> str:
    return f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def page() -> str:
    return f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>translate review</title>\n<style>{STYLE}</style>\n</head>\n<body>{BODY}<script>{SCRIPT}</script>\n</body>\n</html>\n'
