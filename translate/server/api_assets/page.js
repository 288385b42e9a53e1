"use strict";
(function () {
  const $ = function (id) { return document.getElementById(id); };
  const base = location.pathname.replace(/[^/]*$/, "");  // works under a --root-path
  function el(tag, cls, text) { const node = document.createElement(tag); if (cls) node.className = cls; if (text !== undefined) node.textContent = text; return node; }
  function status(text, error) { $("status").textContent = text; $("status").className = error ? "error" : ""; }
  function band(score) { return score >= 80 ? "good" : score >= 50 ? "fair" : "poor"; }
  function marked(text, spans) {
    const cell = document.createDocumentFragment();
    let at = 0;
    spans.filter(function (s) { return s[0] !== null && s[1] !== null; }).sort(function (a, b) { return a[0] - b[0]; }).forEach(function (span) {
      if (span[0] < at) return;
      cell.append(text.slice(at, span[0]));
      const mark = el("mark", "", text.slice(span[0], span[1])); mark.title = span[2]; cell.append(mark);
      at = span[1];
    });
    cell.append(text.slice(at));
    return cell;
  }
  function escapeXml(text) { return text.replace(/[<>&"]/g, function (c) { return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" }[c]; }); }
  function show(english, segments) {
    $("english").textContent = english;
    $("copy").disabled = !english;
    const tbody = $("segments").querySelector("tbody");
    tbody.replaceChildren();
    segments.forEach(function (segment) {
      const tr = el("tr", "segment");
      const names = segment.terms.map(function (t) { return [t.source_start, t.source_end, t.surface + " → " + t.required]; });
      const forms = segment.terms.map(function (t) { return [t.target_start, t.target_end, t.required + (t.enforced ? "" : " (possible)")]; });
      const ar = el("td", "ar"); ar.dir = "rtl"; ar.lang = "ar"; ar.append(marked(segment.source, names));
      const en = el("td", "en"); en.lang = "en"; en.append(marked(segment.target, forms));
      const quality = el("td", "q");
      if (segment.quality) {
        quality.append(el("span", "score " + band(segment.quality.score), String(Math.round(segment.quality.score))));
        segment.quality.flags.forEach(function (flag) { quality.append(el("span", "flags", flag)); });
      }
      tr.append(el("td", "", String(segment.id)), ar, en, quality);
      tbody.append(tr);
    });
    $("segments").hidden = !segments.length;
    const tsv = ["id\tar\ten\tscore\tflags"].concat(segments.map(function (s) {
      return [s.id, s.source, s.target, s.quality ? s.quality.score : "", s.quality ? s.quality.flags.join(",") : ""].map(function (v) { return String(v).replace(/[\t\n]/g, " "); }).join("\t");
    })).join("\n") + "\n";
    const tmx = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="translate" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="ar" o-tmf="translate"/><body>\n'
      + segments.map(function (s) { return '<tu tuid="' + s.id + '"><prop type="x-origin">' + escapeXml(s.origin) + '</prop><tuv xml:lang="ar"><seg>' + escapeXml(s.source) + '</seg></tuv><tuv xml:lang="en"><seg>' + escapeXml(s.target) + "</seg></tuv></tu>"; }).join("\n")
      + "\n</body></tmx>\n";
    [["download-tsv", tsv, "text/tab-separated-values"], ["download-tmx", tmx, "application/x-tmx+xml"]].forEach(function (item) {
      const link = $(item[0]);
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(new Blob([item[1]], { type: item[2] + ";charset=utf-8" }));
      link.hidden = !segments.length;
    });
  }
  function translateText() {
    const text = $("arabic").value;
    if (!text.trim()) { status("Paste some Arabic first, or choose a file.", true); return; }
    const payload = { q: text, source: "auto", target: "en", format: "text", details: true };
    if ($("glossary").value) payload.glossary = $("glossary").value;
    status("translating…");
    fetch(base + "translate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status !== 200) { status(result.data.error || ("HTTP " + result.status), true); return; }
      show(result.data.translatedText, result.data.segments || []);
      status("done: " + (result.data.segments || []).length + " sentence(s)");
    }, function (error) { status("the server cannot be reached (" + error.message + ")", true); });
  }
  function translateFile() {
    const file = $("file").files[0];
    const form = new FormData();
    form.append("file", file); form.append("source", "auto"); form.append("target", "en");
    if ($("glossary").value) form.append("glossary", $("glossary").value);
    status("translating " + file.name + "…");
    fetch(base + "translate_file", { method: "POST", body: form }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status !== 200) { status(result.data.error || ("HTTP " + result.status), true); return; }
      const link = $("download-file");
      link.href = result.data.translatedFileUrl; link.hidden = false;
      link.textContent = "download " + decodeURIComponent(result.data.translatedFileUrl.split("/").pop().split(".").slice(1).join("."));
      status("done: " + file.name);
    }, function (error) { status("the server cannot be reached (" + error.message + ")", true); });
  }
  $("go").addEventListener("click", function () { if ($("file").files.length) translateFile(); else translateText(); });
  $("arabic").addEventListener("keydown", function (event) { if (event.ctrlKey && event.key === "Enter") { event.preventDefault(); translateText(); } });
  $("copy").addEventListener("click", function () {
    const text = $("english").textContent;
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"))).then(function () { status("copied"); }, function () {
      const range = document.createRange(); range.selectNodeContents($("english")); getSelection().removeAllRanges(); getSelection().addRange(range);
      status("selected: press Ctrl+C");
    });
  });
  fetch(base + "frontend/settings").then(function (r) { return r.json(); }).then(function (settings) {
    (settings.glossaries || []).forEach(function (name) { const option = el("option", "", name); option.value = name; $("glossary").append(option); });
    document.body.dataset.ready = "1";
  }, function () { document.body.dataset.ready = "1"; });
})();
