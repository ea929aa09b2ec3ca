#!/usr/bin/env python3
"""Stack against frames on a real project: -fstack-usage sums per plugin.

    utils/bench/stack_usage.py compile_commands.json OUTDIR NAME=[PLUGIN[:OPTS]] ...

Recompiles every test TU of compile_commands.json (a path containing
"test") once per configuration NAME (no plugin when PLUGIN is empty; OPTS
are extra compiler arguments, e.g. "-mllvm -coro-pack-demote=false"), with
-fstack-usage and a coropack JSON report, two at a time, in OUTDIR/NAME/i,
and prints per configuration the stack sizes summed over all functions and
over the coroutine pieces (.resume/.destroy/.cleanup), and the frame bytes
(LLVM -> coropack) of the reports.  Demoted slots (docs/design.md, "Slots
that never cross a suspend") cost stack while a piece runs and save frame
bytes while a coroutine is suspended; this measures both.
"""
import json, os, subprocess, sys, concurrent.futures as cf
cc = json.load(open(sys.argv[1])); out = sys.argv[2]; cfgs = sys.argv[3:]
def job(cfg, e, i):
    name, _, spec = cfg.partition('=')
    plug, _, opts = spec.partition(':')
    d = os.path.join(out, name, str(i)); os.makedirs(d, exist_ok=True)
    cmd = e['command'].split(); cmd[0] = 'clang++-22'
    k = cmd.index('-o'); cmd[k+1] = os.path.join(d, 'x.o')
    cmd += ['-fstack-usage']
    if plug:
        cmd += ['-fpass-plugin=' + plug, '-mllvm', '-coro-pack-report-json=' + os.path.join(d, 'r.json')]
        cmd += opts.split() if opts else []
    subprocess.run(cmd, cwd=d, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    allst = pieces = 0
    sus = [f for f in os.listdir(d) if f.endswith('.su')]
    for line in (open(os.path.join(d, sus[0])) if sus else []):
        f = line.split('\t'); n = int(f[1])
        allst += n
        if any(s in f[0] for s in ('.resume', '.destroy', '.cleanup')): pieces += n
    fr = [0, 0]
    rj = os.path.join(d, 'r.json')
    if os.path.exists(rj):
        for c in json.load(open(rj))['coroutines']:
            fr[0] += c['old_size']; fr[1] += c['new_size'] if c.get('packed') else c['old_size']
    return name, allst, pieces, fr
tot = {}
with cf.ThreadPoolExecutor(2) as ex:
    for name, a, p, fr in ex.map(lambda t: job(*t), [(c, e, i) for c in cfgs for i, e in enumerate(cc) if '/test/' in e['file'] or 'test' in e['file']]):
        t = tot.setdefault(name, [0, 0, 0, 0, 0]); t[0] += a; t[1] += p; t[2] += fr[0]; t[3] += fr[1]; t[4] += 1
for name, t in tot.items():
    print("%-10s TUs %d: stack (all functions) %d, stack (.resume/.destroy/.cleanup) %d, frames %d -> %d" % (name, t[4], t[0], t[1], t[2], t[3]))
