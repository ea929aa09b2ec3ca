#!/usr/bin/env python3
"""packed_summary.py DIR: one line per subdirectory of DIR holding coropack
JSON reports (-coro-pack-report-dir), sorted by name:
    NAME: K of N coroutines packed, frame bytes A -> B
summed over the reports in it (for lit tests)."""
import glob
import json
import os
import sys

root = sys.argv[1]
for d in sorted(os.listdir(root)):
    files = glob.glob(os.path.join(root, d, "*.json"))
    if not files:
        continue
    cs = [c for f in files for c in json.load(open(f))["coroutines"]]
    print("%s: %d of %d coroutines packed, frame bytes %d -> %d" % (
        d, sum(1 for c in cs if c["packed"]), len(cs),
        sum(c["old_size"] for c in cs), sum(c["new_size"] for c in cs)))
