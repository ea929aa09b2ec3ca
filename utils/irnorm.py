#!/usr/bin/env python3
"""irnorm.py FILE: print LLVM IR text with the differences that carry no
meaning removed: the "; preds = ..." comments (the order of a block's
predecessors), the ModuleID/source_filename lines, and the operand order of
commutative instructions (add, mul, and, or, xor, fadd, fmul, icmp eq/ne).
Used to compare two compiles that must build the same program
(test/cxx/mark-invisible.test)."""
import re
import sys

COMM = re.compile(r"^(\s*%\S+ = (?:add|mul|and|or|xor|fadd|fmul|icmp eq|icmp ne)"
                  r"(?: (?:nuw|nsw|disjoint|fast|nnan|ninf|nsz|arcp|contract|afn|reassoc))*"
                  r" \S+) ([^,]+), ([^,]+?)((?:, !.*)?)$")

def main():
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("; ModuleID") or line.startswith("source_filename"):
            continue
        line = re.sub(r"\s*; preds = .*$", "", line)
        m = COMM.match(line)
        if m:
            a, b = sorted([m.group(2), m.group(3)])
            line = "%s %s, %s%s" % (m.group(1), a, b, m.group(4))
        print(line)

if __name__ == "__main__":
    main()
