#!/usr/bin/env python3
"""One self-contained HTML page from a build's coropack JSON reports.

    utils/report_html.py REPORT_DIR -o report.html [--title T]

REPORT_DIR is searched recursively for *.json files, each the report of one
translation unit, as written by
    clang++-22 ... -fpass-plugin=coropack.so -mllvm -coro-pack-report-dir=DIR
(one file per compile, named after the source file), or with
-coro-pack-report-json=FILE, one FILE per compile.  With -g the reports
name each slot's variables ("vars"), shown instead of #field, and the
coroutine's file and line.  The page lists every coroutine, demangled
(llvm-cxxfilt-22), once: the copies of an inline coroutine compiled in
several TUs are one row (the number of TUs is shown).  A coroutine with
internal linkage (a static function, a lambda in one, anything in an
anonymous namespace, clang's `$_N` lambdas: read from the mangled name, as
utils/realsuite.py does without an object file) is its own in each TU even
when two TUs give it the same mangled name (doctest's DOCTEST_ANON_FUNC_<n>
test lambdas); --merge-internal merges those too.  When the copies of one
coroutine have different frames in different TUs, the row says so and
shows the largest of each size (LLVM's, coropack's, the bound).

Rows are sorted by the frame size after packing, largest first; columns:
LLVM's frame size (old_size), coropack's (new_size), the lower bound, the
bytes saved, and "packed" or the reason coropack left it alone.  A click on
a row draws that coroutine's frame: one row per slot (debug variable names
where the build had -g, else #field) and, per suspend state, the byte
ranges of the slots live there, LLVM's layout beside coropack's (the
picture of utils/bench/picture.py).  The URL fragment #open=<mangled name>
opens one coroutine when the page loads.  No network, no other file: the
data is in the page, rendered by its own script.

Totals, each in an element with a stable id (for scripts and tests):
  total-tus                 TU reports read
  total-unique              unique coroutines (rows)
  total-unique-old/-new/-bound/-saved   sums over the rows
  total-unique-packed       rows packed (in every TU that has them)
  total-all                 coroutine entries over all TU reports
  total-all-old/-new/-bound/-saved      sums over every TU report entry

Prints one line:
  report_html: N TUs, M coroutines (U unique); frame bytes (unique): A -> B
  (bound C); (all TUs): A2 -> B2 (bound C2)
Exit status 2 (message on stderr naming the file) when REPORT_DIR has no
*.json file or one of them is not a readable coropack report.
"""
import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

# Internal linkage from the mangled name (utils/realsuite.py, INTERNAL_NAME_RE):
# _ZL<n> a static function, _ZZL<n> an entity local to one, _GLOBAL__N_ an
# anonymous namespace (also as a template argument), $_<n> clang's lambdas
# with no mangling context.
INTERNAL_NAME_RE = re.compile(r"^_ZZ*L\d|_GLOBAL__N_|\$_\d")


class ReportError(Exception):
    pass


def is_internal(name):
    return bool(INTERNAL_NAME_RE.search(name))


def tu_parts(path, data):
    """The path components naming one TU: its "module" (the source file)
    when the report has one, else the report file's name without .json and
    the compiler wrapper's pid suffix, split at '/' and '+'
    (utils/realsuite.py names a report after the object file's path, '/'
    written '+')."""
    mod = data.get("module")
    if isinstance(mod, str) and mod.strip("/"):
        return [p for p in mod.split("/") if p]
    rel = path[:-5] if path.endswith(".json") else path
    rel = re.sub(r"\.\d+$", "", rel)
    return [p for p in re.split(r"[/+]", rel) if p] or [path]


def tu_labels(parts):
    """Short TU names: the last component, or as many last components as
    tell apart the TUs whose last components are the same."""
    k = [1] * len(parts)
    while True:
        count = Counter(tuple(p[-n:]) for p, n in zip(parts, k))
        grown = False
        for i, p in enumerate(parts):
            if count[tuple(p[-k[i]:])] > 1 and k[i] < len(p):
                k[i] += 1
                grown = True
        if not grown:
            return ["/".join(p[-n:]) for p, n in zip(parts, k)]


def _check_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_report(path, data):
    if not isinstance(data, dict) or not isinstance(data.get("coroutines"), list):
        raise ReportError('%s: not a coropack report (no "coroutines" list)' % path)
    for i, c in enumerate(data["coroutines"]):
        where = "%s: coroutine %d" % (path, i)
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise ReportError("%s: no name" % where)
        for k in ("old_size", "new_size", "lower_bound"):
            if not _check_int(c.get(k)):
                raise ReportError('%s (%s): "%s" is not a size' % (where, c["name"], k))
        if not isinstance(c.get("states", []), list) or not isinstance(c.get("slots", []), list):
            raise ReportError('%s (%s): "states"/"slots" are not lists' % (where, c["name"]))
        for s in c.get("slots", []):
            if not isinstance(s, dict) or not all(
                    _check_int(s.get(k)) for k in ("old_offset", "new_offset", "size")):
                raise ReportError("%s (%s): a slot without offsets and size"
                                  % (where, c["name"]))


def find_reports(root):
    if not os.path.isdir(root):
        raise ReportError("%s: not a directory" % root)
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".json"):
                out.append(os.path.join(d, f))
    if not out:
        raise ReportError("%s: no JSON reports (*.json) in it or below it" % root)
    return out


def load_reports(root):
    reports = []
    for path in find_reports(root):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ReportError("%s: unreadable JSON report: %s" % (path, e))
        check_report(path, data)
        reports.append((path, data))
    return reports


def demangle_all(names):
    """{mangled: demangled}, with one llvm-cxxfilt call for all names; the
    mangled name itself where no demangler is found or it fails."""
    names = sorted(set(names))
    result = {n: n for n in names}
    if not names:
        return result
    for tool in ("llvm-cxxfilt-22", "llvm-cxxfilt"):
        exe = shutil.which(tool)
        if not exe:
            continue
        try:
            p = subprocess.run([exe], input="\n".join(names) + "\n", capture_output=True,
                               text=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            continue
        lines = p.stdout.split("\n")
        if p.returncode != 0 or len(lines) < len(names):
            continue
        for n, d in zip(names, lines):
            result[n] = d.strip() or n
        break
    return result


def slot_view(s):
    vars_ = s.get("vars")
    if isinstance(vars_, str):
        vars_ = [vars_]
    if not isinstance(vars_, list):
        vars_ = []
    return {"f": s.get("field", 0), "t": str(s.get("type", "")), "k": str(s.get("kind", "")),
            "p": bool(s.get("pinned")), "o": s["old_offset"], "n": s["new_offset"],
            "s": s["size"], "a": s.get("align", 1), "e": bool(s.get("escapes")),
            "le": bool(s.get("lifetime_end")), "sh": bool(s.get("shares")),
            "l": [x for x in s.get("live", []) if isinstance(x, str)],
            "v": [str(v) for v in vars_ if v is not None and str(v)]}


def aggregate(reports, merge_internal=False):
    """The rows of the page and the totals."""
    tus = []
    groups = {}
    order = []
    tot_all = {"n": 0, "old": 0, "new": 0, "bound": 0}
    labels = tu_labels([tu_parts(path, data) for path, data in reports])
    for ti, (path, data) in enumerate(reports):
        tus.append({"label": labels[ti], "path": path})
        for c in data["coroutines"]:
            tot_all["n"] += 1
            tot_all["old"] += c["old_size"]
            tot_all["new"] += c["new_size"]
            tot_all["bound"] += c["lower_bound"]
            internal = is_internal(c["name"])
            key = (c["name"], ti if internal and not merge_internal else -1)
            if key not in groups:
                groups[key] = {"name": c["name"], "internal": internal, "entries": []}
                order.append(key)
            groups[key]["entries"].append((ti, c))
    rows = []
    for key in order:
        g = groups[key]
        variants = {}
        vorder = []
        file_ = line = None
        for ti, c in g["entries"]:
            if file_ is None and isinstance(c.get("file"), str) and c["file"]:
                file_ = c["file"]
                line = c.get("line") if _check_int(c.get("line")) else None
            v = {"old": c["old_size"], "new": c["new_size"], "bound": c["lower_bound"],
                 "packed": bool(c.get("packed")), "reason": str(c.get("reason") or ""),
                 "states": [str(x) for x in c.get("states", [])],
                 "slots": [slot_view(s) for s in c.get("slots", [])]}
            vk = json.dumps(v, sort_keys=True)
            if vk not in variants:
                v["tus"] = []
                variants[vk] = v
                vorder.append(vk)
            if ti not in variants[vk]["tus"]:
                variants[vk]["tus"].append(ti)
        vs = [variants[k] for k in vorder]
        # the picture shown first: the largest frame after packing
        vs.sort(key=lambda v: (-v["new"], -v["old"], -v["bound"]))
        tu_set = sorted({ti for ti, _ in g["entries"]})
        npacked = sum(1 for _, c in g["entries"] if c.get("packed"))
        sizes = {(v["old"], v["new"], v["bound"]) for v in vs}
        if npacked == len(g["entries"]):
            status = "packed"
        elif npacked == 0:
            status = "left alone"
        else:
            status = "packed in %d of %d copies" % (npacked, len(g["entries"]))
        reasons = []
        for v in vs:
            if not v["packed"] and v["reason"] and v["reason"] not in reasons:
                reasons.append(v["reason"])
        rows.append({
            "m": g["name"], "internal": g["internal"], "tus": tu_set,
            "copies": len(g["entries"]),
            "old": max(v["old"] for v in vs), "new": max(v["new"] for v in vs),
            "bound": max(v["bound"] for v in vs),
            "packed": npacked == len(g["entries"]), "status": status,
            "reason": "; ".join(reasons), "differ": len(sizes) > 1,
            "file": file_, "line": line, "variants": vs})
    dem = demangle_all(r["m"] for r in rows)
    for r in rows:
        r["d"] = dem.get(r["m"], r["m"])
    rows.sort(key=lambda r: (-r["new"], -r["old"], r["d"], r["tus"]))
    tot_u = {"n": len(rows), "old": sum(r["old"] for r in rows),
             "new": sum(r["new"] for r in rows), "bound": sum(r["bound"] for r in rows),
             "packed": sum(1 for r in rows if r["packed"]),
             "differ": sum(1 for r in rows if r["differ"]),
             "internal": sum(1 for r in rows if r["internal"])}
    return tus, rows, tot_u, tot_all


def pct(old, new):
    return "%.1f%%" % (100.0 * (old - new) / old) if old else "0%"


CSS = r"""
body{font:14px/1.4 "DejaVu Sans",Arial,sans-serif;margin:16px 24px;color:#222}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#555;margin:0 0 12px}
table{border-collapse:collapse}
.totals td,.totals th{padding:3px 12px;border:1px solid #ccc;text-align:right}
.totals th{background:#f2f2f2}
.totals th:first-child{text-align:left}
.controls{margin:14px 0 8px}
.controls input{font-size:14px;padding:3px 6px;width:360px}
#shown{color:#555;margin-left:10px}
#coros{width:100%}
#coros th{position:sticky;top:0;background:#e8e8e8;cursor:pointer;padding:4px 8px;
 text-align:right;border-bottom:2px solid #999;white-space:nowrap;user-select:none}
#coros th.l{text-align:left}
#coros td{padding:3px 8px;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top}
#coros td.l{text-align:left}
tr.coro{cursor:pointer}
tr.coro:hover{background:#f3f7fc}
tr.coro.open{background:#e3edf9}
td.name{min-width:380px;max-width:640px;overflow-wrap:anywhere}
.mangled{color:#777;font-size:11px;font-family:monospace}
.tag{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;margin-left:4px;
 background:#eee;color:#444}
.tag.differ{background:#fde8c8;color:#7a4b00}
.tag.internal{background:#e5e5f7;color:#334}
.st-packed{color:#1a6e1a}
.st-left{color:#a33}
.saved0{color:#999}
#coros tr.details>td{background:#fafafa;padding:10px 14px 16px;text-align:left;border-bottom:2px solid #999}
.dh{margin:0 0 6px}
.dh b{font-size:15px}
.variants button{margin:2px 4px 2px 0;font-size:12px;cursor:pointer}
.variants button.sel{font-weight:bold;background:#cfe0f5}
table.slots{margin:8px 0;font-size:12px}
table.slots th{background:#eee;padding:2px 6px;text-align:right;white-space:nowrap}
table.slots td{padding:1px 6px;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}
table.slots td.l,table.slots th.l{text-align:left}
table.slots td.ty{max-width:360px;overflow:hidden;text-overflow:ellipsis}
table.slots td.x{text-align:center;font-family:monospace}
table.slots tr:hover td,table.slots tr.hl td{background:#fff3c4}
.sw{display:inline-block;width:10px;height:10px;border:1px solid #333;margin-right:4px;
 vertical-align:-1px}
svg.frame{display:block;margin-top:6px}
svg.frame rect.sl.hl{stroke:#000;stroke-width:2.5}
.legend{color:#555;font-size:12px}
.tulist{color:#555;font-size:12px}
"""

JS = r"""
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('coropack-data').textContent);
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948',
                 '#b07aa1', '#ff9da7', '#9c755f', '#86bcb6', '#d37295', '#a0cbe8'];
  var tbody = document.getElementById('rows');
  var filter = document.getElementById('filter');
  var statusSel = document.getElementById('status');
  var shown = document.getElementById('shown');
  var rowEls = [];
  var sortKey = 'new', sortDir = -1;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function slotName(s) { return s.v.length ? s.v.join(', ') : '#' + s.f; }
  function slotNote(s) {
    return s.p ? 'pin' : s.e ? (s.le ? 'end' : 'esc') : '';
  }
  function slotFill(s, i) {
    if (s.p) return 'url(#coropack-pin)';
    if (s.k === 'index') return '#555';
    return PALETTE[i % PALETTE.length];
  }

  function rowHtml(r) {
    var saved = r.old - r.new;
    var st = r.packed ? '<span class="st-packed">packed</span>'
        : '<span class="st-left">' + esc(r.status) + '</span>' +
          (r.reason ? ': ' + esc(r.reason) : '');
    var tags = '';
    if (r.differ) tags += '<span class="tag differ" title="the copies of this coroutine in different TUs have different frames; the largest of each size is shown">sizes differ between TUs</span>';
    if (r.internal) tags += '<span class="tag internal" title="internal linkage: its own coroutine in each TU (' + esc(D.tus[r.tus[0]].path) + ')">' + esc(D.tus[r.tus[0]].label) + '</span>';
    return '<td class="l name">' + esc(r.d) + tags + '<div class="mangled">' + esc(r.m) +
        (r.file ? ' &middot; <span title="' + esc(r.file) + '">' +
         esc(r.file.replace(/^.*\//, '')) + (r.line ? ':' + r.line : '') + '</span>' : '') +
        '</div></td>' +
        '<td class="ntus">' + r.tus.length + '</td>' +
        '<td class="old">' + r.old + '</td><td class="new">' + r.new + '</td>' +
        '<td class="bound">' + r.bound + '</td>' +
        '<td class="saved' + (saved ? '' : ' saved0') + '">' + saved + '</td>' +
        '<td class="l status">' + st + '</td>';
  }

  function build() {
    var frag = document.createDocumentFragment();
    D.rows.forEach(function (r, i) {
      var tr = document.createElement('tr');
      tr.className = 'coro';
      tr.dataset.i = i;
      tr.dataset.mangled = r.m;
      tr.dataset.tus = r.tus.length;
      tr.dataset.old = r.old;
      tr.dataset.new = r.new;
      tr.dataset.bound = r.bound;
      tr.dataset.packed = r.packed ? '1' : '0';
      tr.innerHTML = rowHtml(r);
      tr.addEventListener('click', function () { toggle(i, true); });
      r.search = (r.d + ' ' + r.m).toLowerCase();
      rowEls[i] = {tr: tr, det: null, variant: 0};
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
  }

  function order() {
    var idx = D.rows.map(function (_, i) { return i; });
    idx.sort(function (a, b) {
      var x = D.rows[a], y = D.rows[b], c;
      if (sortKey === 'name') c = x.d < y.d ? -1 : x.d > y.d ? 1 : 0;
      else if (sortKey === 'status') c = x.status < y.status ? -1 : x.status > y.status ? 1 : 0;
      else if (sortKey === 'saved') c = (x.old - x.new) - (y.old - y.new);
      else if (sortKey === 'tus') c = x.tus.length - y.tus.length;
      else c = x[sortKey] - y[sortKey];
      return c ? c * sortDir : a - b;
    });
    var frag = document.createDocumentFragment();
    idx.forEach(function (i) {
      frag.appendChild(rowEls[i].tr);
      if (rowEls[i].det) frag.appendChild(rowEls[i].det);
    });
    tbody.appendChild(frag);
  }

  function applyFilter() {
    var q = filter.value.trim().toLowerCase(), st = statusSel.value, n = 0;
    D.rows.forEach(function (r, i) {
      var ok = (!q || r.search.indexOf(q) >= 0) &&
          (st === 'all' || (st === 'packed') === r.packed);
      rowEls[i].tr.style.display = ok ? '' : 'none';
      if (rowEls[i].det) rowEls[i].det.style.display = ok && rowEls[i].open ? '' : 'none';
      if (ok) n++;
    });
    shown.textContent = n === D.rows.length ? D.rows.length + ' coroutines'
        : n + ' of ' + D.rows.length + ' coroutines shown';
  }

  function toggle(i, byClick) {
    var e = rowEls[i], r = D.rows[i];
    if (e.open) {
      e.open = false;
      e.det.style.display = 'none';
      e.tr.classList.remove('open');
      if (byClick) history.replaceState(null, '', location.pathname + location.search);
      return;
    }
    if (!e.det) {
      e.det = document.createElement('tr');
      e.det.className = 'details';
      e.det.dataset.mangled = r.m;
      var td = document.createElement('td');
      td.colSpan = 7;
      e.det.appendChild(td);
      e.tr.parentNode.insertBefore(e.det, e.tr.nextSibling);
      renderDetails(i);
    }
    e.open = true;
    e.det.style.display = '';
    e.tr.classList.add('open');
    if (byClick) history.replaceState(null, '', '#open=' + encodeURIComponent(r.m));
  }

  function tuList(tis) {
    var labels = tis.map(function (t) {
      return '<span title="' + esc(D.tus[t].path) + '">' + esc(D.tus[t].label) + '</span>';
    });
    if (labels.length <= 12) return labels.join(', ');
    return labels.slice(0, 12).join(', ') + ' <details style="display:inline"><summary>and ' +
        (labels.length - 12) + ' more</summary>' + labels.slice(12).join(', ') + '</details>';
  }

  function renderDetails(i) {
    var r = D.rows[i], e = rowEls[i], v = r.variants[e.variant];
    var td = e.det.firstChild, h = [];
    h.push('<div class="dh"><b>' + esc(r.d) + '</b> <span class="mangled">' + esc(r.m) + '</span>');
    if (r.file) h.push(' &middot; ' + esc(r.file) + (r.line ? ':' + r.line : ''));
    h.push('</div>');
    h.push('<div class="tulist">in ' + r.tus.length + ' TU' + (r.tus.length > 1 ? 's' : '') +
           ': ' + tuList(r.tus) + '</div>');
    if (r.variants.length > 1) {
      h.push('<div class="variants">The copies in different TUs have ' + r.variants.length +
             ' different frames (the row shows the largest of each size): ');
      r.variants.forEach(function (w, k) {
        h.push('<button data-k="' + k + '"' + (k === e.variant ? ' class="sel"' : '') +
               ' title="' + w.tus.map(function (t) { return esc(D.tus[t].label); }).join(', ') + '">' +
               w.old + ' &rarr; ' + w.new + ' (bound ' + w.bound + '), ' + w.tus.length + ' TU' +
               (w.tus.length > 1 ? 's' : '') + '</button>');
      });
      h.push('</div>');
    }
    h.push('<div class="dh">frame ' + v.old + ' &rarr; ' + v.new + ' bytes (lower bound ' +
           v.bound + '): ' + (v.packed ? 'packed' : 'left unchanged' +
           (v.reason ? ': ' + esc(v.reason) : '')) + '</div>');
    h.push(slotTable(v));
    h.push(picture(v));
    h.push('<div class="legend">Top row "layout": every slot\'s bytes (slots sharing bytes ' +
           'stacked). Then one row per suspend state: the slots whose values the frame keeps ' +
           'while suspended there. Hatched: header and promise (pinned, never move); dark grey: ' +
           'suspend index; dashed border: address escapes; dashed red line: lower bound ' +
           '(largest set of slots live together); black line: end of frame. ' +
           'Notes: pin = pinned, end = escapes, lifetime end carried across coro-split, ' +
           'esc = escapes, live to the end; * after a new offset: shares bytes with another slot.</div>');
    td.innerHTML = h.join('');
    td.querySelectorAll('.variants button').forEach(function (b) {
      b.addEventListener('click', function (ev) {
        ev.stopPropagation();
        e.variant = +b.dataset.k;
        renderDetails(i);
      });
    });
    td.querySelectorAll('table.slots tr[data-f]').forEach(function (tr) {
      var f = tr.dataset.f;
      tr.addEventListener('mouseenter', function () { hl(td, f, true); });
      tr.addEventListener('mouseleave', function () { hl(td, f, false); });
    });
  }

  function hl(td, f, on) {
    td.querySelectorAll('[data-f="' + f + '"]').forEach(function (x) {
      x.classList.toggle('hl', on);
    });
  }

  function slotTable(v) {
    var h = ['<table class="slots"><tr><th class="l">slot</th><th class="l">kind</th>' +
             '<th class="l">type</th><th>size</th><th>align</th><th>old offset</th>' +
             '<th>new offset</th><th class="l">note</th>'];
    v.states.forEach(function (s) { h.push('<th class="x">' + esc(s) + '</th>'); });
    h.push('</tr>');
    v.slots.forEach(function (s, k) {
      var live = {};
      s.l.forEach(function (x) { live[x] = 1; });
      var fill = slotFill(s, k);
      var sw = fill.charAt(0) === '#' ? '<span class="sw" style="background:' + fill + '"></span>'
          : '<span class="sw" style="background:#d0d0d0"></span>';
      h.push('<tr class="slot" data-f="' + s.f + '"><td class="l">' + sw + esc(slotName(s)) +
             '</td><td class="l">' + esc(s.k) + '</td><td class="l ty" title="' + esc(s.t) + '">' +
             esc(s.t) + '</td><td>' + s.s + '</td><td>' + s.a + '</td><td>' + s.o + '</td><td>' +
             s.n + (s.sh ? '*' : '') + '</td><td class="l">' + slotNote(s) + '</td>');
      v.states.forEach(function (st) {
        h.push('<td class="x">' + (s.p ? '-' : live[st] ? 'X' : '.') + '</td>');
      });
      h.push('</tr>');
    });
    h.push('</table>');
    return h.join('');
  }

  // the picture of utils/bench/picture.py: byte offsets across, "layout" and
  // the suspend states down, LLVM's layout left, coropack's right
  function picture(v) {
    var LABEL_W = 96, PANEL_W = 560, GAP = 40, TOP = 48, ROW_H = 22, LANE_H = 16;
    var lanes = {}, nl = 1;
    ['o', 'n'].forEach(function (key) {
      var ends = [];
      var sl = v.slots.map(function (s, k) { return [s, k]; });
      sl.sort(function (a, b) { return (a[0][key] - b[0][key]) || (b[0].s - a[0].s); });
      sl.forEach(function (p) {
        var s = p[0], j;
        for (j = 0; j < ends.length; j++) if (ends[j] <= s[key]) break;
        ends[j] = s[key] + s.s;
        lanes[key + p[1]] = j;
      });
      nl = Math.max(nl, ends.length);
    });
    var rows = ['layout'].concat(v.states);
    var rowY = [TOP], rowH = [Math.max(ROW_H, nl * LANE_H + 6)];
    v.states.forEach(function () { rowY.push(rowY[rowY.length - 1] + rowH[rowH.length - 1]); rowH.push(ROW_H); });
    var bottom = rowY[rowY.length - 1] + rowH[rowH.length - 1];
    var sizeMax = Math.max(v.old, v.new, 1), scale = PANEL_W / sizeMax;
    var W = LABEL_W + 2 * PANEL_W + GAP + 30, H = bottom + 30;
    var o = ['<svg class="frame" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H +
             '" font-size="11" font-family="DejaVu Sans, Arial, sans-serif">'];
    rows.forEach(function (name, r) {
      if (r % 2 === 0) o.push('<rect x="0" y="' + rowY[r] + '" width="' + W + '" height="' + rowH[r] + '" fill="#f0f0f0"/>');
      o.push('<text class="state" x="' + (LABEL_W - 8) + '" y="' + (rowY[r] + rowH[r] / 2 + 4) +
             '" text-anchor="end"' + (r ? '' : ' font-style="italic"') + '>' + esc(name) + '</text>');
    });
    var step = sizeMax <= 160 ? 8 : sizeMax <= 400 ? 16 : sizeMax <= 1200 ? 64 : 128;
    [['o', v.old, 'LLVM (coro-split) layout'], ['n', v.new, 'coropack layout']].forEach(function (P, p) {
      var key = P[0], x0 = LABEL_W + p * (PANEL_W + GAP);
      var X = function (b) { return (x0 + b * scale).toFixed(1); };
      o.push('<text x="' + x0 + '" y="16" font-size="13" font-weight="bold">' + P[2] + ': ' + P[1] + ' bytes</text>');
      for (var b = 0; b <= sizeMax; b += step) {
        o.push('<line x1="' + X(b) + '" x2="' + X(b) + '" y1="' + (TOP - 4) + '" y2="' + bottom + '" stroke="#ddd"/>');
        o.push('<text x="' + X(b) + '" y="' + (TOP - 7) + '" text-anchor="middle" fill="#666" font-size="9">' + b + '</text>');
      }
      v.slots.forEach(function (s, k) {
        var live = {};
        s.l.forEach(function (x) { live[x] = 1; });
        var w = Math.max(s.s * scale, 2), fill = slotFill(s, k);
        var tip = esc(slotName(s) + ' (' + s.k + ', ' + s.t + '): ' + (p ? 'new' : 'old') +
                      ' offset ' + s[key] + ', ' + s.s + ' bytes, align ' + s.a +
                      (s.e ? ', address escapes' : ''));
        rows.forEach(function (name, r) {
          if (r && !(s.p || live[name])) return;
          var y = r ? rowY[r] + 3 : rowY[0] + 3 + lanes[key + k] * LANE_H;
          var hgt = r ? ROW_H - 6 : LANE_H - 3;
          o.push('<rect class="sl" data-f="' + s.f + '" x="' + X(s[key]) + '" y="' + y + '" width="' +
                 w.toFixed(1) + '" height="' + hgt + '" fill="' + fill + '" stroke="#222" stroke-width="0.7"' +
                 (s.e ? ' stroke-dasharray="3,2"' : '') + '><title>' + tip + '</title></rect>');
          if (r === 0 && !s.p) {
            var lab = slotName(s);
            if (lab.length * 6.2 > w - 2) lab = '#' + s.f;
            if (lab.length * 6.2 <= w - 2)
              o.push('<text x="' + (+X(s[key]) + w / 2).toFixed(1) + '" y="' + (y + hgt / 2 + 4) +
                     '" text-anchor="middle" fill="white" font-size="10" pointer-events="none">' + esc(lab) + '</text>');
          }
        });
      });
      o.push('<line x1="' + X(P[1]) + '" x2="' + X(P[1]) + '" y1="' + (TOP - 4) + '" y2="' + (bottom + 4) + '" stroke="#000" stroke-width="2"/>');
      o.push('<text x="' + X(P[1]) + '" y="' + (bottom + 16) + '" text-anchor="middle" font-size="10">end ' + P[1] + '</text>');
      o.push('<line x1="' + X(v.bound) + '" x2="' + X(v.bound) + '" y1="' + (TOP - 18) + '" y2="' + (bottom + 4) + '" stroke="#d00" stroke-width="2" stroke-dasharray="6,3"/>');
      o.push('<text x="' + X(v.bound) + '" y="' + (TOP - 20) + '" text-anchor="middle" fill="#d00" font-size="10">bound ' + v.bound + '</text>');
    });
    o.push('</svg>');
    return o.join('');
  }

  function openFromHash() {
    var m = /^#open=(.*)$/.exec(location.hash);
    if (!m) return;
    var name;
    try { name = decodeURIComponent(m[1]); } catch (err) { name = m[1]; }
    for (var i = 0; i < D.rows.length; i++) {
      if (D.rows[i].m === name) {
        if (!rowEls[i].open) toggle(i, false);
        rowEls[i].tr.scrollIntoView({block: 'nearest'});
        return;
      }
    }
  }

  document.querySelectorAll('#coros th[data-k]').forEach(function (th) {
    th.addEventListener('click', function () {
      var k = th.dataset.k;
      if (sortKey === k) sortDir = -sortDir;
      else { sortKey = k; sortDir = (k === 'name' || k === 'status') ? 1 : -1; }
      order();
    });
  });
  filter.addEventListener('input', applyFilter);
  statusSel.addEventListener('change', applyFilter);
  window.addEventListener('hashchange', openFromHash);
  build();
  applyFilter();
  openFromHash();
  document.body.dataset.rendered = D.rows.length;
})();
"""


def render(title, root, tus, rows, tot_u, tot_all):
    e = html.escape
    data = {"tus": tus, "rows": rows}
    blob = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    blob = blob.replace("</", "<\\/").replace("<!--", "<\\!--")
    u_saved = tot_u["old"] - tot_u["new"]
    a_saved = tot_all["old"] - tot_all["new"]
    notes = []
    if tot_u["internal"]:
        notes.append("%d %s with internal linkage (%s own in each TU)"
                     % (tot_u["internal"], "rows are coroutines" if tot_u["internal"] > 1
                        else "row is a coroutine", "their" if tot_u["internal"] > 1 else "its"))
    if tot_u["differ"]:
        notes.append("%d %s different frames in different TUs (the largest of each size is "
                     "counted)" % (tot_u["differ"], "have" if tot_u["differ"] > 1 else "has"))
    out = []
    add = out.append
    add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    add("<title>%s</title><style>%s</style></head><body>" % (e(title), CSS))
    add("<h1>%s</h1>" % e(title))
    add('<p class="sub">coropack frame report: <span id="total-tus">%d</span> translation '
        "unit%s (JSON reports under <code>%s</code>), "
        '<span id="total-unique-packed">%d</span> of %d unique coroutines packed. '
        "Frame sizes in bytes: LLVM's layout after coro-split, coropack's, and the lower "
        "bound (the largest set of slots live together).%s</p>"
        % (len(tus), "" if len(tus) == 1 else "s", e(root), tot_u["packed"], tot_u["n"],
           (" " + "; ".join(notes) + ".") if notes else ""))
    add('<table class="totals"><tr><th></th><th>coroutines</th><th>LLVM frame bytes</th>'
        "<th>coropack</th><th>lower bound</th><th>saved</th></tr>")
    for key, label, title, tot, saved in (
            ("unique", "unique coroutines",
             "one per coroutine: an inline coroutine compiled in several TUs once",
             tot_u, u_saved),
            ("all", "all TUs", "every coroutine of every TU report", tot_all, a_saved)):
        add('<tr><th title="%s">%s</th><td id="total-%s">%d</td><td id="total-%s-old">%d</td>'
            '<td id="total-%s-new">%d</td><td id="total-%s-bound">%d</td>'
            '<td><span id="total-%s-saved">%d</span> (%s)</td></tr>'
            % (title, label, key, tot["n"], key, tot["old"], key, tot["new"], key,
               tot["bound"], key, saved, pct(tot["old"], tot["new"])))
    add("</table>")
    add('<div class="controls"><input id="filter" type="search" placeholder="filter by name '
        '(demangled or mangled)" autocomplete="off"> <select id="status">'
        '<option value="all">all</option><option value="packed">packed</option>'
        '<option value="left">left alone</option></select><span id="shown"></span></div>')
    # the hatching of pinned slots, once for every picture (a pattern inside
    # a closed details row would not draw)
    add('<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        '<pattern id="coropack-pin" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0d0d0"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#a0a0a0" stroke-width="2"/></pattern>'
        '</defs></svg>')
    add('<noscript><p>The table is drawn by the page\'s script: enable JavaScript.</p></noscript>')
    add('<table id="coros"><thead><tr><th class="l" data-k="name">coroutine</th>'
        '<th data-k="tus" title="translation units that compiled it">TUs</th>'
        '<th data-k="old" title="LLVM frame size (old_size)">LLVM size</th>'
        '<th data-k="new" title="frame size after coropack (new_size)">coropack size</th>'
        '<th data-k="bound" title="lower bound: the largest set of slots live together">'
        'lower bound</th><th data-k="saved">saved</th>'
        '<th class="l" data-k="status">packed / why left alone</th></tr></thead>'
        '<tbody id="rows"></tbody></table>')
    add('<script type="application/json" id="coropack-data">%s</script>' % blob)
    add("<script>%s</script></body></html>\n" % JS)
    return "".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="One self-contained HTML page from a directory of coropack JSON reports.")
    ap.add_argument("report_dir", help="directory searched recursively for *.json reports")
    ap.add_argument("-o", "--output", required=True, help="the HTML file to write")
    ap.add_argument("--title", default="coropack: coroutine frames")
    ap.add_argument("--merge-internal", action="store_true",
                    help="one row per mangled name even for internal-linkage coroutines")
    a = ap.parse_args(argv)
    try:
        reports = load_reports(a.report_dir)
    except ReportError as e:
        print("report_html: error: %s" % e, file=sys.stderr)
        return 2
    tus, rows, tot_u, tot_all = aggregate(reports, a.merge_internal)
    page = render(a.title, a.report_dir, tus, rows, tot_u, tot_all)
    try:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(page)
    except OSError as e:
        print("report_html: error: %s: %s" % (a.output, e.strerror or e), file=sys.stderr)
        return 2
    print("report_html: %d TUs, %d coroutines (%d unique); frame bytes (unique): "
          "%d -> %d (bound %d); (all TUs): %d -> %d (bound %d)"
          % (len(tus), tot_all["n"], tot_u["n"], tot_u["old"], tot_u["new"], tot_u["bound"],
             tot_all["old"], tot_all["new"], tot_all["bound"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
