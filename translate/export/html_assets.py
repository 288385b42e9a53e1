"""The stylesheet and script embedded in the HTML export (kept apart from the markup code).

Both are inlined and pinned by hash in the page's Content-Security-Policy, so the page needs no
network and no other script can run in it — even if some text escaped its escaping.
"""

from __future__ import annotations

__all__ = ["SCRIPT", "STYLE"]

STYLE = """
:root { --good: #1a7f37; --fair: #9a6700; --poor: #cf222e; --none: #6e7781; --line: #d0d7de; --mark: #fff3b0; --linked: #ffd33d; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1f2328; background: #fff; }
header.toolbar { position: sticky; top: 0; z-index: 1; background: #f6f8fa; border-bottom: 1px solid var(--line); padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; align-items: baseline; }
header.toolbar .title { font-weight: 600; font-size: 1rem; margin: 0; }
header.toolbar .summary { color: #57606a; margin: 0; }
header.toolbar label { cursor: pointer; user-select: none; }
.legend { display: flex; gap: .6rem; margin: 0; padding: 0; list-style: none; color: #57606a; font-size: .85rem; }
main { padding: 0 1rem 2rem; }
table.pairs { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.pairs th { text-align: start; font-size: .8rem; color: #57606a; font-weight: 600; padding: .5rem; border-bottom: 2px solid var(--line); }
table.pairs th.src { text-align: right; }
col.num { width: 3.2rem; } col.quality { width: 11rem; }
tbody.section { border-top: 1px solid var(--line); }
tbody.section + tbody.section { border-top-width: 6px; border-top-color: #f6f8fa; }
tr.pair > td { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px dotted var(--line); overflow-wrap: anywhere; }
tr.pair.flagged > td.num { box-shadow: inset 4px 0 0 var(--poor); }
td.num { color: #8c959f; font-size: .8rem; font-variant-numeric: tabular-nums; }
td.num a { color: inherit; text-decoration: none; }
td.src { text-align: right; font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", "DejaVu Sans", "Arial", sans-serif; font-size: 1.1em; }
td.src[dir="ltr"] { text-align: left; }
td.text > * { margin: 0; white-space: pre-wrap; }
td.text h1 { font-size: 1.45em; line-height: 1.3; }
td.text h2 { font-size: 1.15em; }
tr.kind-caption td.text, tr.kind-source td.text { font-style: italic; color: #57606a; }
tr.passthrough td.text { color: #57606a; }
.score { display: inline-block; min-width: 2.6em; text-align: center; border-radius: 1em; padding: 0 .5em; color: #fff; font-weight: 600; font-variant-numeric: tabular-nums; }
.band-good { background: var(--good); } .band-fair { background: var(--fair); } .band-poor { background: var(--poor); }
.band-none { background: transparent; color: var(--none); border: 1px dashed var(--none); font-weight: 400; font-size: .8rem; }
.tm-badge { display: inline-block; margin-top: .2rem; padding: 0 .45em; border-radius: .6em; background: #ddf4ff; color: #0550ae; font-size: .75rem; font-weight: 600; }
.tm-suggestions { margin-top: .2rem; font-size: .8rem; } .tm-suggestions ol { margin: .2rem 0 0 1.2rem; padding: 0; }
.tm-score { display: inline-block; min-width: 2em; color: #0550ae; font-weight: 600; font-variant-numeric: tabular-nums; }
ul.flags { list-style: none; margin: .25rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem; }
ul.flags li { font-size: .72rem; background: #ffebe9; color: #82071e; border-radius: .3rem; padding: 0 .35rem; }
mark.term { background: var(--mark); color: inherit; border-radius: .2rem; cursor: help; } /* no padding: it would break Arabic letter joining at a clitic */
mark.term.unmatched { background: none; border-bottom: 2px dashed var(--poor); }
mark.term.possible { background: none; border-bottom: 2px dotted var(--fair); }
mark.term.linked, mark.term:hover, mark.term:focus { background: var(--linked); outline: 2px solid #bf8700; }
body.flagged-only tr.pair:not(.flagged), body.flagged-only tbody.section:not(.has-flagged) { display: none; }
p.no-flagged { color: #57606a; font-style: italic; }
footer.manifest { color: #57606a; font-size: .8rem; padding: 1rem; border-top: 1px solid var(--line); }
footer.manifest dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
footer.manifest dt { font-weight: 600; } footer.manifest dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  header.toolbar { position: static; background: none; border: 0; padding: 0 0 .5rem; }
  header.toolbar label, .legend { display: none; }
  body { font-size: 10pt; }
  main { padding: 0; }
  thead { display: table-header-group; }
  tr.pair { break-inside: avoid; }
  .score, ul.flags li, tr.pair.flagged > td.num { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark.term { background: none; text-decoration: underline; outline: none; }
  td.num a { color: inherit; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var toggle = document.getElementById("flagged-only");
  var empty = document.getElementById("no-flagged");
  var flaggedCount = document.querySelectorAll("tr.pair.flagged").length;
  function applyFilter() {
    document.body.classList.toggle("flagged-only", toggle.checked);
    empty.hidden = !(toggle.checked && flaggedCount === 0);
  }
  toggle.addEventListener("change", applyFilter);
  applyFilter();
  var partners = {};
  document.querySelectorAll("mark.term[data-term]").forEach(function (mark) {
    var key = mark.getAttribute("data-term");
    (partners[key] = partners[key] || []).push(mark);
  });
  Object.keys(partners).forEach(function (key) {
    var group = partners[key];
    function light(on) { group.forEach(function (mark) { mark.classList.toggle("linked", on); }); }
    group.forEach(function (mark) {
      mark.addEventListener("mouseenter", function () { light(true); });
      mark.addEventListener("mouseleave", function () { light(false); });
      mark.addEventListener("focus", function () { light(true); });
      mark.addEventListener("blur", function () { light(false); });
    });
  });
})();
"""
