#!/usr/bin/env python3
"""The layering check: reads the #include lines of every C file and header
of the tree and prints one TAP line per rule (see docs/architecture.md).

A module is a .c file and its .h (same path without the extension); module
A uses B when A's .c or .h includes B's header. Loops between modules are
refused, except those listed in ALLOWED_LOOPS with their reason."""
import os
import re
import sys

TOP = sys.argv[1] if len(sys.argv) > 1 else '.'
DIRS = ['cli', 'common', 'spec', 'orchestrator', 'analysis', 'report', 'runner']

# A jump host (ProxyJump) is an SSH session of its own: the session opens
# its proxy, which opens a session. The recursion is the design.
ALLOWED_LOOPS = [{'orchestrator/transport/ssh/session', 'orchestrator/transport/ssh/proxy'}]

# (what, folder whose files are checked, prefixes they must not include)
RULES = [
    ('common/ includes only common/', 'common/', ['cli/', 'spec/', 'orchestrator/', 'analysis/', 'report/']),
    ('spec/ includes nothing of the engine or the CLI', 'spec/', ['orchestrator/engine/', 'cli/', 'analysis/', 'report/']),
    ("spec's data model (spec/spec.h, which driver.h includes) includes no plug-in", 'spec/spec.',
     ['orchestrator/']),
    ('analysis/ includes nothing from orchestrator/, report/ or cli/', 'analysis/', ['orchestrator/', 'report/', 'cli/']),
    ('report/ includes nothing from orchestrator/ or cli/', 'report/', ['orchestrator/', 'cli/']),
    ('orchestrator/ includes nothing from report/ or cli/', 'orchestrator/', ['report/', 'cli/']),
    ('transport/ includes nothing from engine/, driver/, workload/, host/', 'orchestrator/transport/',
     ['orchestrator/engine/', 'orchestrator/driver/', 'orchestrator/workload/', 'orchestrator/host/']),
    ('drivers include no engine/ header', 'orchestrator/driver/', ['orchestrator/engine/']),
    ('workloads include no engine/ header', 'orchestrator/workload/', ['orchestrator/engine/']),
    ('host/ includes no engine/ header', 'orchestrator/host/', ['orchestrator/engine/']),
    ('runner/ includes only common/spawn.h and itself', 'runner/', ['cli/', 'spec/', 'orchestrator/', 'analysis/', 'report/']),
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources():
    for d in DIRS:
        for root, _, files in os.walk(os.path.join(TOP, d)):
            for f in files:
                if f.endswith(('.c', '.h')):
                    yield os.path.relpath(os.path.join(root, f), TOP)


def includes():
    out = {}
    for path in sources():
        with open(os.path.join(TOP, path), encoding='utf-8') as fh:
            out[path] = INCLUDE.findall(fh.read())
    return out


def module(path):
    return os.path.splitext(path)[0]


def loops(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, comps = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    for v in list(graph):
        if v not in index:
            visit(v)
    return comps


def main():
    inc = includes()
    failed = 0
    for what, folder, banned in RULES:
        bad = [f'{src} includes {h}' for src, hs in sorted(inc.items()) if src.startswith(folder)
               for h in hs if any(h.startswith(b) for b in banned)]
        if folder == 'runner/':
            bad += [f'{src} includes {h}' for src, hs in inc.items() if src.startswith(folder)
                    for h in hs if h.startswith('common/') and h != 'common/spawn.h']
        print(('ok - ' if not bad else 'not ok - ') + what)
        for b in bad:
            print('#   ' + b)
        failed += bool(bad)
    graph = {}
    for src, hs in inc.items():
        graph.setdefault(module(src), set()).update(module(h) for h in hs if module(h) != module(src))
    found = [c for c in loops(graph) if c not in ALLOWED_LOOPS]
    print(('ok - ' if not found else 'not ok - ') + 'no include loop between modules, but the commented one')
    for c in found:
        print('#   loop: ' + ' <-> '.join(sorted(c)))
    missing = [h for hs in inc.values() for h in hs if not os.path.exists(os.path.join(TOP, h))]
    print(('ok - ' if not missing else 'not ok - ') + 'every included header exists under its full path')
    for h in sorted(set(missing)):
        print('#   ' + h)
    return 1 if failed or found or missing else 0


if __name__ == '__main__':
    sys.exit(main())
