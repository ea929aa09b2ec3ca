#!/usr/bin/env python3
"""Draw coroutine frame layouts from a coropack JSON report as SVG.

    utils/bench/picture.py REPORT.json [-o OUT] [--only NAME]

One self-contained SVG per coroutine: byte offsets across, suspend states
down, one box per slot in each state where it is live; coro-split's layout
(left) beside coropack's (right), same scale; the first row ("layout")
shows every slot's bytes whatever its liveness.  Header and promise
(pinned) are shaded grey, the lower bound is a dashed red line.  OUT is a
directory (default .; files NAME.svg) or, with one coroutine, a .svg file.
Make the report with e.g.
    clang++-22 -std=c++20 -O2 -fpass-plugin=build/coropack.so \\
      -mllvm -coro-pack-report-json=r.json -c examples/phases.cpp -o /dev/null
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from xml.sax.saxutils import escape

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8"]
ROW_H, LABEL_W, PANEL_GAP, TOP = 26, 92, 50, 92
PANEL_W = 430


def demangle(name):
    for tool in ("llvm-cxxfilt-22", "c++filt"):
        if shutil.which(tool):
            try:
                return subprocess.run([tool, name], capture_output=True, text=True,
                                      timeout=10).stdout.strip() or name
            except (OSError, subprocess.SubprocessError):
                pass
    return name


def slot_label(s):
    k = s["kind"]
    if k in ("resume", "destroy"):
        return k[:3] + "()"
    if k == "promise":
        return "promise"
    if k == "index":
        return "idx"
    return "#%d %s" % (s["field"], s["type"] if len(s["type"]) < 14 else "")


def draw(c):
    states = c["states"]
    rows = ["layout"] + states
    lanes = {}
    for key in ("old_offset", "new_offset"):
        ends = []  # greedy interval colouring: slots sharing bytes stack
        for sl in sorted(c["slots"], key=lambda t: (t[key], -t["size"])):
            for i, e in enumerate(ends):
                if e <= sl[key]:
                    ends[i] = sl[key] + sl["size"]
                    lanes[(key, sl["field"])] = i
                    break
            else:
                lanes[(key, sl["field"])] = len(ends)
                ends.append(sl[key] + sl["size"])
    nlanes = max(lanes.values()) + 1 if lanes else 1
    lane_h = 18
    row_y = [TOP]
    row_h = [max(ROW_H, nlanes * lane_h + 6)] + [ROW_H] * len(states)
    for h in row_h[:-1]:
        row_y.append(row_y[-1] + h)
    bottom = row_y[-1] + row_h[-1]
    size_max = max(c["old_size"], c["new_size"], 1)
    scale = PANEL_W / size_max
    width = LABEL_W + 2 * PANEL_W + PANEL_GAP + 40
    height = TOP + sum(row_h) + 130
    o = []
    add = o.append
    add('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
        'viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="11">' % (width, height, width, height))
    add('<defs><pattern id="pin" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0d0d0"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#a0a0a0" stroke-width="2"/>'
        '</pattern></defs>')
    add('<rect width="100%" height="100%" fill="white"/>')
    title = "%s: frame %d \u2192 %d bytes, lower bound %d" % (
        demangle(c["name"]), c["old_size"], c["new_size"], c["lower_bound"])
    if not c["packed"]:
        title += " (left unchanged)"
    add('<text x="10" y="20" font-size="15" font-weight="bold">%s</text>' % escape(title))
    if not c["packed"] and c.get("reason"):
        add('<text x="10" y="38" fill="#a00">%s</text>' % escape(c["reason"][:150]))
    y0 = TOP
    # row labels and stripes
    for r, name in enumerate(rows):
        y = row_y[r]
        if r % 2 == 0:
            add('<rect x="0" y="%d" width="%d" height="%d" fill="#f6f6f6"/>'
                % (y, width, row_h[r]))
        add('<text x="%d" y="%d" text-anchor="end"%s>%s</text>'
            % (LABEL_W - 8, y + row_h[r] / 2 + 4,
               ' font-style="italic"' if r == 0 else "", escape(name)))
    add('<line x1="0" x2="%d" y1="%d" y2="%d" stroke="#888"/>'
        % (width, row_y[1], row_y[1]))
    nfield = {s["field"]: i for i, s in enumerate(c["slots"])}
    for p, (key, fsize, head) in enumerate(
            [("old_offset", c["old_size"], "coro-split layout"),
             ("new_offset", c["new_size"], "coropack layout")]):
        x0 = LABEL_W + p * (PANEL_W + PANEL_GAP)
        X = lambda off: x0 + off * scale
        add('<text x="%d" y="%d" font-size="13" font-weight="bold">%s: %d bytes</text>'
            % (x0, y0 - 34, head, fsize))
        # byte axis
        step = 8 if size_max <= 160 else 16 if size_max <= 400 else 64
        for b in range(0, size_max + 1, step):
            add('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ddd"/>'
                % (X(b), X(b), y0 - 4, bottom))
            add('<text x="%.1f" y="%d" text-anchor="middle" fill="#666" font-size="9">%d</text>'
                % (X(b), y0 - 8, b))
        for s in c["slots"]:
            off, sz = s[key], s["size"]
            pinned = s["pinned"]
            if pinned:
                fill = "url(#pin)"
            elif s["kind"] == "index":
                fill = "#555"
            else:
                fill = PALETTE[nfield[s["field"]] % len(PALETTE)]
            live = set(s["live"])
            for r, name in enumerate(rows):
                if r and not (pinned or name in live):
                    continue
                if r == 0:
                    y, h = row_y[0] + 3 + lanes[(key, s["field"])] * lane_h, lane_h - 3
                else:
                    y, h = row_y[r] + 3, ROW_H - 6
                w = max(sz * scale, 3)
                dash = ' stroke-dasharray="3,2"' if s["escapes"] else ""
                add('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" '
                    'stroke="#222" stroke-width="0.7"%s><title>%s</title></rect>'
                    % (X(off), y, w, h, fill, dash, escape(
                        "field %d (%s, %s): offset %d, %d bytes, align %d%s"
                        % (s["field"], s["kind"], s["type"], off, sz, s["align"],
                           ", address escapes" if s["escapes"] else ""))))
                lab = slot_label(s) if r == 0 else "#%d" % s["field"]
                if pinned and r:
                    continue
                if len(lab) * 6.2 > w - 2:
                    lab = "#%d" % s["field"] if s["kind"] == "data" else lab
                if len(lab) * 6.2 <= w - 2:
                    col = "#222" if pinned else "white"
                    add('<text x="%.1f" y="%d" text-anchor="middle" fill="%s" '
                        'font-size="10">%s</text>'
                        % (X(off) + w / 2, y + h / 2 + 4, col, escape(lab)))
        yb = bottom
        add('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#000" stroke-width="2"/>'
            % (X(fsize), X(fsize), y0 - 4, yb + 4))
        add('<text x="%.1f" y="%d" text-anchor="middle" font-size="10">end %d</text>'
            % (X(fsize), yb + 16, fsize))
        lb = c["lower_bound"]
        add('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#d00" '
            'stroke-width="2" stroke-dasharray="6,3"/>' % (X(lb), X(lb), y0 - 20, yb + 4))
        add('<text x="%.1f" y="%d" text-anchor="%s" fill="#d00" font-size="10">bound %d</text>'
            % (X(lb), y0 - 22, "middle", lb))
    # legend
    ly = bottom + 34
    items = [('url(#pin)', "", "header / promise (pinned, never moves)"),
             ("#f28e2b", "", "slot #field, in the states where it is live (colour = field)"),
             ("#555", "", "suspend index"),
             ("white", ' stroke-dasharray="3,2"', "dashed border: address escapes")]
    for i, (fill, extra, text) in enumerate(items):
        x = 10 + (i % 2) * 420
        y = ly + (i // 2) * 20
        add('<rect x="%d" y="%d" width="22" height="13" fill="%s" stroke="#222"%s/>'
            % (x, y, fill, extra))
        add('<text x="%d" y="%d">%s</text>' % (x + 28, y + 11, escape(text)))
    y = ly + 40
    add('<line x1="10" x2="32" y1="%d" y2="%d" stroke="#d00" stroke-width="2" '
        'stroke-dasharray="6,3"/>' % (y + 6, y + 6))
    add('<text x="38" y="%d">lower bound (largest set of slots live together)</text>' % (y + 10))
    add('<line x1="430" x2="452" y1="%d" y2="%d" stroke="#000" stroke-width="2"/>' % (y + 6, y + 6))
    add('<text x="458" y="%d">end of frame</text>' % (y + 10))
    add('<text x="10" y="%d" fill="#666" font-size="10">Top row "layout": every slot\'s bytes '
        '(slots sharing bytes are stacked). Then one row per suspend state: the slots whose '
        'values the frame must keep while suspended there.</text>' % (y + 32))
    add("</svg>")
    return "\n".join(o) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report")
    ap.add_argument("-o", "--out", default=".")
    ap.add_argument("--only", help="only the coroutine with this (mangled) name")
    a = ap.parse_args()
    with open(a.report) as fh:
        cors = json.load(fh)["coroutines"]
    if a.only:
        cors = [c for c in cors if c["name"] == a.only]
        if not cors:
            print("picture.py: no coroutine %s in %s" % (a.only, a.report), file=sys.stderr)
            return 1
    single = a.out.endswith(".svg")
    if single and len(cors) != 1:
        print("picture.py: %d coroutines; give a directory or --only" % len(cors),
              file=sys.stderr)
        return 1
    for c in cors:
        path = a.out if single else os.path.join(a.out, c["name"] + ".svg")
        with open(path, "w") as fh:
            fh.write(draw(c))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
