#!/usr/bin/env python3
"""Check the DOM of a report_html.py page, as Chromium dumped it after the
page's script ran, against the JSON reports themselves.

    check_dom.py DOM.html REPORT.json...

Independent of utils/report_html.py (shares no code with it): sums the
JSON files here, keys a coroutine by its mangled name, or by (file, name)
for the names of the test inputs that have internal linkage (_ZL...: a
static function), and takes the largest of each size over the copies.
Prints, for FileCheck, the totals on the page, one ROW line per table row
in page order, and the text of every details row the page has opened;
then "totals match the JSON" / "rows match the JSON", or a MISMATCH line
and exit status 1.
"""
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []

    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)

    def walk(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()

    def classes(self):
        return self.attrs.get("class", "").split()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes())]


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        t = Tree()
        t.feed(fh.read())
    root = t.root
    ids = {n.attrs["id"]: n for n in root.walk() if "id" in n.attrs}

    # the sums, from the JSON files
    tus = len(sys.argv) - 2
    allsum = {"n": 0, "old": 0, "new": 0, "bound": 0}
    uniq = {}
    for f in sys.argv[2:]:
        with open(f) as fh:
            for c in json.load(fh)["coroutines"]:
                allsum["n"] += 1
                for k, j in (("old", "old_size"), ("new", "new_size"), ("bound", "lower_bound")):
                    allsum[k] += c[j]
                key = (f, c["name"]) if c["name"].startswith("_ZL") else ("", c["name"])
                u = uniq.setdefault(key, {"old": 0, "new": 0, "bound": 0, "tus": set()})
                u["old"] = max(u["old"], c["old_size"])
                u["new"] = max(u["new"], c["new_size"])
                u["bound"] = max(u["bound"], c["lower_bound"])
                u["tus"].add(f)
    want = {"total-tus": tus, "total-all": allsum["n"], "total-unique": len(uniq)}
    for k in ("old", "new", "bound"):
        want["total-all-" + k] = allsum[k]
        want["total-unique-" + k] = sum(u[k] for u in uniq.values())
    want["total-all-saved"] = allsum["old"] - allsum["new"]
    want["total-unique-saved"] = want["total-unique-old"] - want["total-unique-new"]

    bad = 0
    for k in sorted(want):
        got = ids[k].text().strip() if k in ids else "(missing)"
        print("TOTAL %s = %s" % (k, got))
        if got != str(want[k]):
            print("MISMATCH %s: page %s, JSON %d" % (k, got, want[k]))
            bad += 1
    if not bad:
        print("totals match the JSON")

    # the rows: one per unique coroutine, drawn by the script
    body = ids.get("rows")
    rows = body.find_all("tr", "coro") if body is not None else []
    seen = []
    for r in rows:
        a = r.attrs
        cells = {}
        for c in r.find_all("td"):
            for k in ("name", "saved", "status"):
                if k in c.classes():
                    cells[k] = c
        name = cells["name"].kids[0] if "name" in cells and cells["name"].kids else "?"
        tags = ["[%s]" % t.text() for t in cells["name"].find_all("span", "tag")] \
            if "name" in cells else []
        print("ROW %s tus=%s old=%s new=%s bound=%s saved=%s | %s | %s"
              % (a.get("data-mangled"), a.get("data-tus"), a.get("data-old"), a.get("data-new"),
                 a.get("data-bound"), cells["saved"].text() if "saved" in cells else "?",
                 " ".join([name if isinstance(name, str) else "?"] + tags),
                 " ".join(cells["status"].text().split()) if "status" in cells else "?"))
        seen.append((a.get("data-mangled"), int(a.get("data-tus", -1)), int(a.get("data-old", -1)),
                     int(a.get("data-new", -1)), int(a.get("data-bound", -1))))
    expect = sorted((k[1], len(u["tus"]), u["old"], u["new"], u["bound"]) for k, u in uniq.items())
    if sorted(seen) != expect:
        print("MISMATCH rows: page %s, JSON %s" % (sorted(seen), expect))
        bad += 1
    elif [s[3] for s in seen] != sorted((s[3] for s in seen), reverse=True):
        print("MISMATCH rows not sorted by coropack size, largest first")
        bad += 1
    else:
        print("rows match the JSON")

    # the details the page opened (#open=...): the picture first shows the
    # copy with the largest coropack frame; a box per slot in the layout row
    # and per state where it is live (pinned slots: every state), per panel
    entries = {}
    for f in sys.argv[2:]:
        with open(f) as fh:
            for c in json.load(fh)["coroutines"]:
                entries.setdefault(c["name"], []).append(c)
    for d in body.find_all("tr", "details") if body is not None else []:
        m = d.attrs.get("data-mangled")
        print("DETAILS %s" % m)
        for n in d.find_all("div"):
            if "dh" in n.classes() or "tulist" in n.classes():
                print("  %s" % " ".join(n.text().split()))
            if "variants" in n.classes() and isinstance(n.kids[0], str):
                print("  %s" % " ".join(n.kids[0].split()))
        for b in d.find_all("button"):
            print("  VARIANT %s" % " ".join(b.text().split()))
        for table in d.find_all("table", "slots"):
            for tr in table.find_all("tr"):
                cells = [" ".join(c.text().split()) for c in tr.kids
                         if isinstance(c, Node) and c.tag in ("td", "th")]
                print("  SLOTROW " + " | ".join(cells))
        c = max(entries.get(m, []), key=lambda c: c["new_size"])
        boxes = 2 * sum(1 + (len(c["states"]) if s["pinned"] else len(s["live"]))
                        for s in c["slots"])
        for svg in d.find_all("svg"):
            labels = [n.text() for n in svg.find_all("text", "state")]
            got = len(svg.find_all("rect", "sl"))
            print("  PICTURE rows: %s; %d slot boxes" % (" ".join(labels), got))
            if labels != ["layout"] + c["states"] or got != boxes:
                print("MISMATCH picture of %s: JSON states %s, %d boxes"
                      % (m, c["states"], boxes))
                bad += 1
            else:
                print("picture matches the JSON")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
