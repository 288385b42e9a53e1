"use strict";
(function () {
  const IDLE_MS = 30000;
  const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  const PACE_MIN_SECONDS = 60;
  const PACE_MIN_WORDS = 20;
  const CHECK_TEXT = {
    "empty": "the English is empty",
    "untranslated": "the English is the Arabic, or holds Arabic letters",
    "numbers": "a number differs from the machine's",
    "names": "a required glossary name is gone",
    "double-space": "a doubled space",
    "quotes": "unpaired quotes or brackets",
  };
  const CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;
  const query = new URLSearchParams(location.search);
  const token = query.get("token");
  const root = document.documentElement;
  const body = document.body;
  const tbody = document.getElementById("pairs");
  const rows = [];
  const byId = new Map();
  let runName = null;
  let runs = [];
  let changes = 0;
  let stream = null;
  let streamRetry = 0;
  let offline = false;
  let lastFocused = null;
  let undo = [];
  let searchHits = [];
  let searchAt = -1;
  const session = { words: 0, seconds: 0 };

  function $(id) { return document.getElementById(id); }
  function show(text) { const node = $("message"); node.textContent = text; node.hidden = !text; }
  function el(tag, cls, text) { const node = document.createElement(tag); if (cls) node.className = cls; if (text !== undefined) node.textContent = text; return node; }
  function runPath(suffix) { return "/api/runs/" + encodeURIComponent(runName) + (suffix || ""); }
  function api(method, path, payload) {
    const init = { method: method, headers: { "Authorization": "Bearer " + token } };
    if (payload !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(payload); }
    return fetch(path, init).then(function (response) {
      setOffline(false);
      return response.json().catch(function () { return null; }).then(function (data) { return { status: response.status, data: data }; });
    }, function (error) { setOffline(true); return { status: 0, data: { error: "the server cannot be reached (" + error.message + ")" } }; });
  }

  // Text from a run is only ever set as text; direction controls in it are shown, never obeyed.
  function visible(text) {
    const fragment = document.createDocumentFragment();
    let position = 0;
    text.replace(CONTROLS, function (control, offset) {
      fragment.append(text.slice(position, offset), el("span", "control", "[U+" + control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "]"));
      position = offset + control.length;
      return control;
    });
    fragment.append(text.slice(position));
    return fragment;
  }
  function marked(text, spans) {
    const fragment = document.createDocumentFragment();
    let position = 0;
    spans.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (span) {
      if (span.start < position) return;
      fragment.append(visible(text.slice(position, span.start)));
      const mark = el("mark", span.cls);
      mark.append(visible(text.slice(span.start, span.end)));
      if (span.title) mark.title = span.title;
      fragment.append(mark);
      position = span.end;
    });
    fragment.append(visible(text.slice(position)));
    return fragment;
  }
  function termSpans(pair, side) {
    const spans = [];
    pair.marks.forEach(function (mark) {
      const where = mark[side];
      if (!where) return;
      const term = pair.terms[mark.term];
      const title = term.surface + " → " + term.required + (term.enforce ? " (" + term.status + ")" : "? (possible: not enforced)");
      spans.push({ start: where[0], end: where[1], title: title, cls: term.enforce ? "term" : "term possible" });
    });
    return spans;
  }
  function grow(box) { box.style.height = "auto"; box.style.height = (box.scrollHeight + 2) + "px"; }
  function growAll() { rows.forEach(function (row) { grow(row.box); }); }
  function formatHter(value) { return value === null || value === undefined ? "–" : value.toFixed(1); }
  function dirty(row) { return row.box.value !== row.saved; }
  function drafts(except) {
    const found = {};
    rows.forEach(function (row) { if (row !== except && dirty(row)) found[String(row.pair.id)] = row.box.value; });
    return found;
  }

  // ---- the sticky header and scrolling ----
  function stickyHeight() {
    let height = $("toolbar").offsetHeight;
    ["search-panel", "concordance"].forEach(function (id) { const panel = $(id); if (!panel.hidden) { panel.style.top = height + "px"; height += panel.offsetHeight; } });
    root.style.setProperty("--sticky", (height + 8) + "px");
    root.style.scrollPaddingTop = (height + 8) + "px";
    return height;
  }
  function reveal(node) {
    stickyHeight();
    const top = node.getBoundingClientRect().top;
    const bottom = node.getBoundingClientRect().bottom;
    const limit = stickyHeight() + 8;
    if (top < limit) window.scrollBy(0, top - limit);
    else if (bottom > window.innerHeight) window.scrollBy(0, Math.min(bottom - window.innerHeight + 8, top - limit));
  }

  // ---- status, checks, figures ----
  function savedStatus(row) { return row.confirmed ? "confirmed" : row.version ? "draft" : "new"; }
  function setStatus(row) {
    const name = dirty(row) ? "unsaved" : savedStatus(row);
    row.status.textContent = name + (row.retrying ? " · retrying" : "");
    row.status.className = "status " + name;
    row.tr.dataset.status = name;
    setOfflineCount();
  }
  function setCheck(row, check) {
    row.hter.textContent = "HTER " + formatHter(check ? check.hter : null);
    row.hter.dataset.hter = check ? String(check.hter) : "";
    row.warning.textContent = "";
    row.checks.textContent = "";
    row.checks.dataset.problems = "";
    row.required.querySelectorAll("li").forEach(function (item) { item.classList.remove("missing"); });
    if (!check) return;
    const problems = [];
    if (check.dropped_terms.length) problems.push("drops the required " + check.dropped_terms.join(", "));
    if (check.changed_numbers.length) problems.push("changes the number(s) " + check.changed_numbers.join(", "));
    row.warning.textContent = problems.length ? "Warning: this edit " + problems.join(" and ") + "." : "";
    row.required.querySelectorAll("li").forEach(function (item) { item.classList.toggle("missing", check.dropped_terms.indexOf(item.dataset.form) >= 0); });
    const found = (check.problems || []).filter(function (name) { return name !== "numbers" && name !== "names"; });
    row.checks.dataset.problems = (check.problems || []).join(",");
    row.checks.textContent = found.length ? "Check: " + found.map(function (name) { return CHECK_TEXT[name] || name; }).join("; ") + "." : "";
  }
  function setArticle(article) {
    const node = $("article-hter");
    node.textContent = "article HTER " + formatHter(article.hter) + " over " + article.segments + " post-edited segment(s), " + article.edited + " changed";
    node.dataset.hter = article.hter === null ? "" : String(article.hter);
  }
  function refreshArticle() {
    const name = runName;
    api("POST", runPath("/hter"), { drafts: drafts(null) }).then(function (result) { if (result.status === 200 && name === runName) setArticle(result.data); });
  }
  function setProgress() {
    const confirmed = rows.filter(function (row) { return row.confirmed; });
    const words = rows.reduce(function (sum, row) { return sum + row.pair.words; }, 0);
    const done = confirmed.reduce(function (sum, row) { return sum + row.pair.words; }, 0);
    const progress = $("progress");
    progress.textContent = confirmed.length + " of " + rows.length + " confirmed · " + done + " of " + words + " words, " + (words - done) + " left";
    progress.dataset.confirmed = String(confirmed.length);
    progress.dataset.words = String(done);
    const pace = $("pace");
    // A pace from under a minute of editing or a few words would be noise, not an estimate.
    if (session.words >= PACE_MIN_WORDS && session.seconds >= PACE_MIN_SECONDS) {
      const minutes = (words - done) / (session.words / session.seconds) / 60;
      pace.textContent = "~" + (minutes < 1 ? "<1" : Math.round(minutes)) + " min left at your pace (" + Math.round(session.words / session.seconds * 3600) + " words/h)";
    } else pace.textContent = "";
    Array.prototype.forEach.call($("run").options, function (option) {
      if (option.value === runName) option.textContent = option.dataset.name + " (" + confirmed.length + "/" + rows.length + ")";
    });
  }
  function check(row) {
    clearTimeout(row.timer);
    row.timer = setTimeout(function () {
      if (!dirty(row)) {
        // Back to what is on disk (Esc, an undo): the row shows its saved check, the article its saved figure.
        setCheck(row, row.savedCheck);
        refreshArticle();
        return;
      }
      const text = row.box.value;
      api("POST", runPath("/segments/" + row.pair.id + "/check"), { target: text, drafts: drafts(row) }).then(function (result) {
        if (result.status === 200 && row.box.value === text) { setCheck(row, result.data); setArticle(result.data.article); }
      });
    }, 200);
  }

  // ---- conflicts ----
  function setConflicts() {
    const open = rows.filter(function (row) { return row.conflicted; });
    const button = $("conflicts");
    button.hidden = !open.length;
    button.textContent = open.length + " conflict" + (open.length === 1 ? "" : "s") + " — go to";
  }
  function showConflict(row, current, confirmed) {
    row.conflicted = true;
    row.theirs = current;
    row.conflict.replaceChildren();
    row.conflict.hidden = false;
    row.conflict.append(el("div", "", "Saved elsewhere" + (current && current.editor ? " by " + current.editor : "") + " (version " + (current ? current.version : "none") + (current && current.confirmed ? ", confirmed" : "") + ") while you edited. Theirs:"));
    const theirs = el("div", "theirs"); theirs.append(visible(current ? current.post_edit : "")); row.conflict.append(theirs);
    row.conflict.append(el("div", "", "Yours is still in the box."));
    const keep = el("button", "keep-mine", "Keep mine");
    const take = el("button", "take-theirs", "Take theirs");
    keep.type = take.type = "button";
    keep.addEventListener("click", function () { const wanted = confirmed || row.wantConfirm; row.version = row.theirs ? row.theirs.version : null; closeConflict(row); save(row, wanted); });
    take.addEventListener("click", function () {
      const them = row.theirs;
      row.version = them ? them.version : null; row.saved = them ? them.post_edit : row.pair.target; row.box.value = row.saved;
      row.confirmed = Boolean(them && them.confirmed); row.wantConfirm = false; row.savedCheck = null;
      closeConflict(row); grow(row.box); setStatus(row); setProgress(); check(row);
    });
    row.conflict.append(keep, take);
    setConflicts();
    reveal(row.conflict);
  }
  function closeConflict(row) { row.conflicted = false; row.theirs = null; row.conflict.hidden = true; setConflicts(); }

  // ---- saving, with retries while the server is away ----
  function setOffline(value) {
    if (offline === value) return;
    offline = value;
    setOfflineCount();
    if (!value) rows.forEach(function (row) { if (row.retrying) { clearTimeout(row.retryTimer); save(row, false); } });
  }
  function setOfflineCount() {
    const node = $("connection");
    const unsaved = rows.filter(function (row) { return dirty(row) || row.retrying; }).length;
    node.className = offline ? "offline" : "";
    node.textContent = offline ? "offline — " + unsaved + " unsaved, retrying" : (stream ? "live" : "");
    node.dataset.unsaved = String(unsaved);
  }
  function retryLater(row) {
    row.retrying = true;
    const delay = RETRY_MS[Math.min(row.attempts, RETRY_MS.length - 1)];
    row.attempts += 1;
    clearTimeout(row.retryTimer);
    row.retryTimer = setTimeout(function () { save(row, false); }, delay);
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
      if (text === row.saved && (!confirming || row.confirmed)) { row.retrying = false; setStatus(row); return true; }
      const payload = { target: text, base: row.version, confirmed: confirming, seconds: row.seconds, keystrokes: row.keystrokes };
      row.saving = true;
      return api("PUT", "/api/runs/" + encodeURIComponent(name) + "/segments/" + row.pair.id, payload).then(function (result) {
        row.saving = false;
        if (result.status === 200) {
          if (confirming && !row.confirmed) { session.words += row.pair.words; }
          session.seconds += row.seconds;
          row.version = result.data.version; row.saved = text; row.confirmed = confirming; row.seconds = 0; row.keystrokes = 0;
          row.retrying = false; row.attempts = 0;
          if (confirming) row.wantConfirm = false;
          row.warningSave.textContent = result.data.memory_error ? "Saved, but not written to the memory: " + result.data.memory_error : "";
          if (result.data.check) { row.savedCheck = result.data.check; setCheck(row, dirty(row) ? null : result.data.check); if (dirty(row)) check(row); }
          if (result.data.article) setArticle(result.data.article);
          setStatus(row); setProgress(); applyQueued(row);
          return true;
        }
        if (result.status === 409 && result.data && result.data.run_changed) { row.warningSave.textContent = result.data.error; show(result.data.error); setStatus(row); return false; }
        if (result.status === 409) { showConflict(row, result.data.current, confirming); return false; }
        if (result.status === 0 || result.status === 502 || result.status === 503 || result.status === 504) {
          row.warningSave.textContent = "Not saved yet: the server cannot be reached — retrying; your text is still in the box.";
          retryLater(row); setStatus(row);
          return false;
        }
        row.warningSave.textContent = "Save failed: " + (result.data && result.data.error ? result.data.error : "HTTP " + result.status) + " — your text is still in the box.";
        setStatus(row);
        return false;
      });
    });
    return row.pending;
  }

  // ---- live updates from other tabs, editors, servers ----
  function applyEdit(edit) {
    const row = byId.get(edit.id);
    if (!row) return;
    if (row.saving) { row.queued = edit; return; }
    if (row.version !== null && edit.version <= row.version) return;  // ours, or older
    if (dirty(row) || row.conflicted) { showConflict(row, edit, row.wantConfirm); return; }
    row.version = edit.version; row.saved = edit.post_edit; row.box.value = edit.post_edit; row.confirmed = edit.confirmed; row.savedCheck = null;
    grow(row.box); setStatus(row); setProgress(); check(row);
    row.tr.classList.add("updated");
  }
  function applyQueued(row) { const edit = row.queued; row.queued = null; if (edit) applyEdit(edit); }
  function listen(name) {
    if (stream) stream.abort();
    const controller = new AbortController();
    stream = controller;
    fetch("/api/runs/" + encodeURIComponent(name) + "/events?after=" + changes, { headers: { "Authorization": "Bearer " + token }, signal: controller.signal }).then(function (response) {
      if (response.status !== 200) throw new Error("HTTP " + response.status);
      setOffline(false); streamRetry = 0; setOfflineCount();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error("the stream ended");
          buffer += decoder.decode(chunk.value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const message = buffer.slice(0, end); buffer = buffer.slice(end + 2);
            let data = null; let kind = "message";
            message.split("\n").forEach(function (line) { if (line.startsWith("data: ")) data = line.slice(6); else if (line.startsWith("event: ")) kind = line.slice(7); });
            if (kind === "reset") { show("The post-edit file of this run was replaced on disk: reload the page."); continue; }
            if (data !== null && name === runName) { const edit = JSON.parse(data); changes = Math.max(changes, edit.seq); applyEdit(edit); }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      if (controller.signal.aborted) return;
      if (stream === controller) stream = null;
      setOffline(true);
      const delay = RETRY_MS[Math.min(streamRetry, RETRY_MS.length - 1)];
      streamRetry += 1;
      setTimeout(function () { if (name === runName && !controller.signal.aborted) listen(name); }, delay);
    });
  }

  // ---- moving between segments ----
  function shown(row) { return row.tr.offsetParent !== null; }
  function focusRow(index) {
    const visibleRows = rows.filter(shown);
    if (!visibleRows.length) return;
    const target = visibleRows[Math.max(0, Math.min(visibleRows.length - 1, index))];
    target.box.focus({ preventScroll: true });
    reveal(target.tr);
  }
  function visibleIndex(row) { return rows.filter(shown).indexOf(row); }
  function goTo(number) {
    const row = byId.get(number);
    if (!row) { show("There is no segment " + number + " in " + runName + "."); return false; }
    show("");
    if (!shown(row)) { clearFilters(); }
    row.box.focus({ preventScroll: true });
    reveal(row.tr);
    return true;
  }
  function insertAtCursor(box, text) {
    const start = box.selectionStart, end = box.selectionEnd;
    box.setRangeText(text, start, end, "end");
    box.dispatchEvent(new Event("input"));
  }

  // ---- filters ----
  function applyFilters() {
    const status = $("filter-status").value, flag = $("filter-flag").value;
    const low = $("filter-min").value === "" ? null : Number($("filter-min").value);
    const high = $("filter-max").value === "" ? null : Number($("filter-max").value);
    rows.forEach(function (row) {
      const quality = row.pair.quality;
      let keep = true;
      if (status) keep = status === "unsaved" ? dirty(row) : savedStatus(row) === status;
      if (keep && flag) keep = Boolean(quality && quality.flags.indexOf(flag) >= 0);
      if (keep && low !== null) keep = Boolean(quality && quality.score >= low);
      if (keep && high !== null) keep = Boolean(quality && quality.score <= high);
      row.tr.classList.toggle("filtered-out", !keep);
    });
  }
  function clearFilters() {
    $("filter-status").value = ""; $("filter-flag").value = ""; $("filter-min").value = ""; $("filter-max").value = "";
    $("only-flagged").checked = false; body.classList.remove("only-flagged"); applyFilters();
  }

  // ---- search and replace ----
  function searchRequest(replacement) {
    return {
      pattern: $("search-find").value, mode: $("search-mode").value, side: $("search-side").value, case: $("search-case").checked,
      replacement: replacement === undefined ? null : replacement, drafts: drafts(null),
    };
  }
  function searchStatus(text, error) { const node = $("search-status"); node.textContent = text; node.className = error ? "error" : ""; }
  function clearHits() { rows.forEach(function (row) { row.src.replaceChildren(marked(row.pair.source, termSpans(row.pair, "source"))); }); }
  function runSearch() {
    clearHits();
    if (!$("search-find").value) { searchHits = []; searchStatus(""); return Promise.resolve(null); }
    return api("POST", runPath("/search"), searchRequest()).then(function (result) {
      if (result.status !== 200) { searchHits = []; searchStatus(result.data && result.data.error ? result.data.error : "HTTP " + result.status, true); return null; }
      searchHits = result.data.matches; searchAt = -1;
      if ($("search-side").value === "source") {
        searchHits.forEach(function (match) {
          const row = byId.get(match.id);
          row.src.replaceChildren(marked(row.pair.source, match.spans.map(function (span) { return { start: span[0], end: span[1], cls: "hit" }; })));
        });
      }
      searchStatus(result.data.hits + " match(es) in " + result.data.segments + " segment(s)");
      return result.data;
    });
  }
  function findNext() {
    const go = function () {
      if (!searchHits.length) return;
      searchAt = (searchAt + 1) % searchHits.length;
      const match = searchHits[searchAt];
      const row = byId.get(match.id);
      if (!shown(row)) clearFilters();
      reveal(row.tr);
      if ($("search-side").value === "target") { row.box.focus({ preventScroll: true }); row.box.setSelectionRange(match.spans[0][0], match.spans[0][1]); }
      searchStatus("match " + (searchAt + 1) + " of " + searchHits.length + " segment(s) — segment " + match.id);
    };
    if (!searchHits.length) return runSearch().then(go);
    go();
    return Promise.resolve();
  }
  function replaceIn(ids) {
    return api("POST", runPath("/search"), searchRequest($("search-replace").value)).then(function (result) {
      if (result.status !== 200) { searchStatus(result.data && result.data.error ? result.data.error : "HTTP " + result.status, true); return; }
      const changed = [];
      let skipped = 0;
      result.data.matches.forEach(function (match) {
        const row = byId.get(match.id);
        if (!row || match.replaced === undefined || (ids && ids.indexOf(match.id) < 0)) return;
        if (row.confirmed && !dirty(row) && !$("search-confirmed").checked) { skipped += 1; return; }
        if (row.conflicted) { skipped += 1; return; }
        changed.push({ row: row, before: row.box.value });
        row.box.value = match.replaced; grow(row.box); setStatus(row); save(row, false);
      });
      if (changed.length) { undo.push(changed); $("search-undo").disabled = false; }
      searchStatus("replaced in " + changed.length + " segment(s)" + (skipped ? "; " + skipped + " confirmed or in conflict left as they are" : "") + " — saved as drafts");
      searchHits = [];
      refreshArticle();
    });
  }
  function undoReplace() {
    const changed = undo.pop();
    if (!changed) return;
    changed.forEach(function (item) { item.row.box.value = item.before; grow(item.row.box); setStatus(item.row); save(item.row, false); check(item.row); });
    $("search-undo").disabled = !undo.length;
    searchStatus("undone in " + changed.length + " segment(s)");
  }
  function openSearch() {
    $("search-panel").hidden = false; stickyHeight();
    const box = document.activeElement && document.activeElement.tagName === "TEXTAREA" ? document.activeElement : null;
    if (box && box.selectionEnd > box.selectionStart) $("search-find").value = box.value.slice(box.selectionStart, box.selectionEnd);
    $("search-find").focus(); $("search-find").select();
  }

  // ---- concordance ----
  function selectedWords(row) {
    const box = document.activeElement;
    if (box && box.tagName === "TEXTAREA" && box.selectionEnd > box.selectionStart) return box.value.slice(box.selectionStart, box.selectionEnd);
    const selection = String(window.getSelection ? window.getSelection() : "").trim();
    if (selection) return selection;
    return row ? row.pair.source.split(/\s+/).slice(0, 2).join(" ") : "";
  }
  function concordance(text) {
    if (!text) return;
    api("POST", runPath("/concordance"), { text: text, drafts: drafts(null) }).then(function (result) {
      const panel = $("concordance"), list = $("concordance-results");
      panel.hidden = false; list.replaceChildren(); stickyHeight();
      $("concordance-title").textContent = "Concordance: " + text;
      if (result.status !== 200) { list.append(el("li", "", result.data && result.data.error ? result.data.error : "HTTP " + result.status)); return; }
      const add = function (origin, source, target) {
        const item = el("li", "concordance-" + origin);
        item.append(el("strong", "", origin + " "), el("span", "ar", source), " → ", el("span", "en", target));
        list.append(item);
      };
      result.data.glossary.forEach(function (term) { add("glossary", term.surface, term.required + (term.enforced ? "" : " (possible)")); });
      result.data.run.forEach(function (hit) { add("segment " + hit.id, hit.source, hit.target); });
      result.data.memory.forEach(function (entry) { add("memory", entry.source, entry.target); });
      if (!list.children.length) list.append(el("li", "", "not found in this run, its glossary names or the memory"));
    });
  }

  // ---- one row ----
  function buildRow(pair) {
    const row = {
      pair: pair, saved: pair.post_edit === null ? pair.target : pair.post_edit, version: pair.version, confirmed: pair.confirmed, wantConfirm: false,
      seconds: 0, keystrokes: 0, lastKey: 0, pending: Promise.resolve(true), savedCheck: pair.check, attempts: 0, retrying: false, saving: false, queued: null, conflicted: false,
    };
    const tr = el("tr", "pair kind-" + pair.kind + (pair.quality && pair.quality.flags.length ? " flagged" : ""));
    tr.id = "pair-" + pair.id; tr.dataset.id = String(pair.id);
    // The number is the pair id, as in the TSV, XLIFF and TMX exports and `translate eval`.
    const num = el("td", "num"); num.append(el("div", "seg-number", String(pair.id)), el("span", "kind", pair.kind));
    const src = el("td", "src"); src.dir = pair.language === "ar" ? "rtl" : "ltr"; src.lang = pair.language;
    src.append(marked(pair.source, termSpans(pair, "source")));
    const tgt = el("td", "tgt");
    const box = el("textarea"); box.dir = "ltr"; box.lang = "en"; box.value = row.saved; box.rows = 1; box.setAttribute("aria-label", "English for segment " + pair.id);
    box.spellcheck = true;
    const mt = el("p", "mt"); mt.append("MT: "); mt.append(marked(pair.target, termSpans(pair, "target")));
    const required = el("ul", "required");
    let nth = 0;
    pair.terms.forEach(function (term) {
      if (!term.enforce) return;
      nth += 1;
      const item = el("li", ""); item.dataset.form = term.required;
      const button = el("button", "insert-term"); button.type = "button"; button.append(visible(term.required));
      button.title = "required form for " + term.surface + (nth <= 9 ? " — Alt+" + nth + " inserts it" : "");
      button.addEventListener("click", function () { box.focus(); insertAtCursor(box, term.required); });
      item.append(button); required.append(item);
    });
    const suggestions = el("ol", "tm-suggestions");
    (pair.tm_suggestions || []).forEach(function (match, index) {
      const item = el("li", "");
      item.append(el("kbd", "", "Ctrl+" + (index + 1)), " ", el("span", "tm-score", String(match.score)), " ", el("span", "tm-target", match.target));
      item.title = "memory: " + match.source + (match.provenance && match.provenance.editor ? " — " + match.provenance.editor : "");
      suggestions.append(item);
    });
    const warning = el("p", "warning"); const checks = el("p", "checks"); const warningSave = el("p", "warning save-error"); const conflict = el("div", "conflict"); conflict.hidden = true;
    tgt.append(box, mt, required, suggestions, warning, checks, warningSave, conflict);
    const info = el("td", "info");
    const score = el("span", "score band-" + pair.band, pair.quality ? String(Math.round(pair.quality.score)) : "no score");
    const flags = el("ul", "flags"); (pair.quality ? pair.quality.flags : []).forEach(function (flag) { flags.append(el("li", "", flag)); });
    const status = el("span", "status"); const hter = el("span", "hter");
    info.append(score, flags, status, hter);
    if (pair.origin === "tm" && pair.tm) { const badge = el("span", "tm-badge", "TM " + pair.tm.score); badge.title = "reused from the translation memory" + (pair.tm.provenance && pair.tm.provenance.editor ? " (" + pair.tm.provenance.editor + ")" : ""); info.append(badge); }
    tr.append(num, src, tgt, info);
    Object.assign(row, { tr: tr, src: src, box: box, status: status, hter: hter, warning: warning, checks: checks, warningSave: warningSave, conflict: conflict, required: required });

    box.addEventListener("focus", function () { rows.forEach(function (r) { r.tr.classList.remove("current"); }); tr.classList.add("current"); lastFocused = row; });
    box.addEventListener("input", function () { grow(box); setStatus(row); check(row); });
    box.addEventListener("focusout", function () { if (dirty(row)) save(row, false); });
    box.addEventListener("keydown", function (event) {
      const now = Date.now();
      if (row.lastKey && now - row.lastKey < IDLE_MS) row.seconds += (now - row.lastKey) / 1000;
      row.lastKey = now;
      const ctrlOnly = event.ctrlKey && !event.shiftKey && !event.altKey && !event.metaKey;
      const altOnly = event.altKey && !event.ctrlKey && !event.shiftKey && !event.metaKey;
      if (ctrlOnly && event.key === "Enter") {
        event.preventDefault();
        // Move on at once, as CAT tools do; the save finishes behind, and a failure stays on its row.
        save(row, true);
        focusRow(visibleIndex(row) + 1);
      } else if (ctrlOnly && event.key === "ArrowDown") { event.preventDefault(); focusRow(visibleIndex(row) + 1); }
      else if (ctrlOnly && event.key === "ArrowUp") { event.preventDefault(); focusRow(visibleIndex(row) - 1); }
      else if (ctrlOnly && /^[1-3]$/.test(event.key) && (pair.tm_suggestions || [])[Number(event.key) - 1]) {
        event.preventDefault();
        box.value = pair.tm_suggestions[Number(event.key) - 1].target; grow(box); setStatus(row); check(row);
      }
      else if (ctrlOnly && event.key === "Insert") { event.preventDefault(); box.value = pair.source; grow(box); setStatus(row); check(row); }
      else if (altOnly && /^[1-9]$/.test(event.key)) {
        const forms = pair.terms.filter(function (term) { return term.enforce; });
        const term = forms[Number(event.key) - 1];
        if (term) { event.preventDefault(); insertAtCursor(box, term.required); }
      }
      else if (event.key === "Escape" && !event.ctrlKey && !event.altKey && !event.metaKey) {
        event.preventDefault();
        // During a conflict the draft is the editor's side of it: Esc never throws it away.
        if (row.conflicted) { reveal(row.conflict); return; }
        box.value = row.saved; grow(box); setStatus(row); check(row);
      }
      else if (!event.ctrlKey && !event.metaKey && (event.key.length === 1 || event.key === "Backspace" || event.key === "Delete")) { row.keystrokes += 1; }
    });
    setStatus(row); setCheck(row, pair.check);
    return row;
  }

  // ---- loading runs and the archive view ----
  function load(name) {
    const select = $("run");
    if (rows.some(function (row) { return dirty(row) || row.conflicted || row.retrying; })) {
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
      if (stream) { stream.abort(); stream = null; }
      runName = name; rows.length = 0; byId.clear(); tbody.replaceChildren(); undo = []; searchHits = [];
      $("search-undo").disabled = true;
      select.value = name;
      result.data.pairs.forEach(function (pair) { const row = buildRow(pair); rows.push(row); byId.set(pair.id, row); tbody.append(row.tr); });
      $("archive").hidden = true; $("editor").hidden = false;
      growAll();
      const flags = new Set();
      result.data.pairs.forEach(function (pair) { (pair.quality ? pair.quality.flags : []).forEach(function (flag) { flags.add(flag); }); });
      const flagSelect = $("filter-flag");
      flagSelect.replaceChildren(el("option", "", "any")); flagSelect.options[0].value = "";
      Array.from(flags).sort().forEach(function (flag) { const option = el("option", "", flag); option.value = flag; flagSelect.append(option); });
      applyFilters();
      const headline = result.data.pairs.find(function (pair) { return pair.kind === "headline"; });
      $("title").replaceChildren(visible(result.data.name + (headline ? " — " + headline.source : "")));
      setArticle(result.data.article); setProgress(); setConflicts(); stickyHeight();
      changes = result.data.changes || 0;
      listen(name);
      body.dataset.loaded = name;
    });
  }
  function showArchive() {
    return api("GET", "/api/archive").then(function (result) {
      if (result.status !== 200) { show(result.data && result.data.error ? result.data.error : "HTTP " + result.status); return; }
      const list = $("archive-runs");
      list.replaceChildren();
      result.data.runs.forEach(function (entry) {
        const tr = el("tr", "archive-run"); tr.dataset.run = entry.run;
        const open = el("button", "open-run", "open"); open.type = "button";
        open.addEventListener("click", function () { load(entry.run); });
        [entry.name, entry.segments, entry.confirmed, entry.words, entry.confirmed_words, formatHter(entry.hter)].forEach(function (value, index) { tr.append(el("td", index ? "n" : "", String(value))); });
        const cell = el("td", ""); cell.append(open); tr.append(cell);
        list.append(tr);
      });
      const total = result.data.total;
      $("archive-total").textContent = "Archive HTER " + formatHter(total.hter) + " over " + total.segments + " post-edited segment(s) in " + result.data.runs.length + " run(s); " + total.edited + " changed.";
      $("archive-total").dataset.hter = total.hter === null ? "" : String(total.hter);
      $("archive").hidden = false; $("editor").hidden = true;
      body.dataset.view = "archive";
    });
  }

  // ---- the page's own controls ----
  function setTheme(theme) { if (theme) root.dataset.theme = theme; else delete root.dataset.theme; }
  try { setTheme(localStorage.getItem("review-theme")); } catch (error) { /* storage off: follow the system */ }
  $("theme").addEventListener("click", function () {
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    const next = dark ? "light" : "dark";
    setTheme(next);
    try { localStorage.setItem("review-theme", next); } catch (error) { /* kept for this page only */ }
  });
  $("only-flagged").addEventListener("change", function (event) { body.classList.toggle("only-flagged", event.target.checked); });
  ["filter-status", "filter-flag", "filter-min", "filter-max"].forEach(function (id) { $(id).addEventListener("input", applyFilters); $(id).addEventListener("change", applyFilters); });
  $("run").addEventListener("change", function (event) { load(event.target.value); });
  $("show-archive").addEventListener("click", showArchive);
  $("goto").addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); goTo(Number($("goto").value)); } });
  $("conflicts").addEventListener("click", function () { const row = rows.find(function (r) { return r.conflicted; }); if (row) { row.box.focus({ preventScroll: true }); reveal(row.conflict); } });
  $("open-search").addEventListener("click", openSearch);
  $("search-find").addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); findNext(); } else if (event.key === "Escape") { $("search-close").click(); } });
  ["search-find", "search-mode", "search-side", "search-case"].forEach(function (id) { $(id).addEventListener("change", function () { searchHits = []; }); });
  $("search-find").addEventListener("input", function () { searchHits = []; });
  $("search-next").addEventListener("click", findNext);
  $("search-all").addEventListener("click", function () { replaceIn(null); });
  $("search-one").addEventListener("click", function () {
    const match = searchHits[searchAt >= 0 ? searchAt : 0];
    if (!match) { findNext(); return; }
    replaceIn([match.id]);
  });
  $("search-undo").addEventListener("click", undoReplace);
  $("search-close").addEventListener("click", function () { $("search-panel").hidden = true; clearHits(); stickyHeight(); if (lastFocused) lastFocused.box.focus({ preventScroll: true }); });
  $("concordance-close").addEventListener("click", function () { $("concordance").hidden = true; stickyHeight(); });
  $("open-help").addEventListener("click", function () { $("help").showModal(); });
  $("help-close").addEventListener("click", function () { $("help").close(); });
  document.addEventListener("keydown", function (event) {
    const typing = event.target && (event.target.tagName === "TEXTAREA" || event.target.tagName === "INPUT" || event.target.tagName === "SELECT");
    const ctrlOnly = event.ctrlKey && !event.shiftKey && !event.altKey && !event.metaKey;
    if (ctrlOnly && event.key.toLowerCase() === "f") { event.preventDefault(); openSearch(); }
    else if (ctrlOnly && event.key.toLowerCase() === "g") { event.preventDefault(); $("goto").focus(); $("goto").select(); }
    else if (ctrlOnly && event.key.toLowerCase() === "k") { event.preventDefault(); concordance(selectedWords(lastFocused)); }
    else if (event.key === "F1" || (event.key === "?" && !typing)) { event.preventDefault(); $("help").showModal(); }
  });
  window.addEventListener("resize", function () { clearTimeout(window.__growTimer); window.__growTimer = setTimeout(function () { growAll(); stickyHeight(); }, 100); });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(growAll);
  window.addEventListener("beforeunload", function (event) { if (rows.some(function (row) { return dirty(row) || row.retrying; })) { event.preventDefault(); event.returnValue = ""; } });
  if (!token) { show("No token: open the address `translate review` printed (it ends with ?token=…)."); return; }
  api("GET", "/api/runs").then(function (result) {
    if (result.status !== 200) { show(result.data && result.data.error ? result.data.error : "HTTP " + result.status); return; }
    runs = result.data;
    const select = $("run");
    runs.forEach(function (entry) { const option = el("option", "", entry.name + " (" + entry.confirmed + "/" + entry.segments + ")"); option.value = entry.run; option.dataset.name = entry.name; select.append(option); });
    $("show-archive").hidden = runs.length < 2;
    if (runs.length > 1 && query.get("view") === "archive") showArchive().then(function () { body.dataset.loaded = ""; });
    else if (runs.length) load(runs[0].run);
  });
})();
