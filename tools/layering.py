#!/usr/bin/env python3
"""The library layering of compiler/: check it, or print it.

    python3 tools/layering.py check   # every #include "X/..." is allowed by compiler/CMakeLists.txt
    python3 tools/layering.py graph   # the folder libraries by layer, with their dependencies
    python3 tools/layering.py dot     # the same graph in Graphviz DOT

The declarations are the lutc_add_library / lutc_add_executable lines of compiler/CMakeLists.txt
(cmake/lutc_library.cmake). `check` is stricter than the compiler, which lets a folder see the
headers of a dependency's PUBLIC dependencies too: here a folder may include only itself and what
its own line names, its headers only what the line names PUBLIC, and the graph must have no cycle.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMPILER = ROOT / "compiler"
DECLARATIONS = COMPILER / "CMakeLists.txt"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/')


def folders():
    return sorted(p.name for p in COMPILER.iterdir() if p.is_dir())


def declarations():
    """{folder: {"public": [...], "private": [...], "line": n}} from compiler/CMakeLists.txt."""
    text = DECLARATIONS.read_text()
    known = set(folders())
    decls = {}
    for m in re.finditer(r"lutc_add_(library|executable)\(([^)]*)\)", text):
        words = m.group(2).split()
        if m.group(1) == "executable":
            words = words[1:]  # the executable's name; the folder follows
        folder, section = words[0], "public"
        entry = {"public": [], "private": [], "line": text.count("\n", 0, m.start()) + 1}
        for w in words[1:]:
            if w in ("PUBLIC", "PRIVATE", "SOURCES"):
                section = w.lower()
            elif section != "sources" and w in known:
                entry[section].append(w)
        decls[folder] = entry
    return decls


def find_cycle(deps):
    """A list of folders forming a cycle, or None."""
    state, stack = {}, []

    def visit(f):
        state[f] = "open"
        stack.append(f)
        for d in deps.get(f, []):
            if state.get(d) == "open":
                return stack[stack.index(d):] + [d]
            if d not in state:
                cycle = visit(d)
                if cycle:
                    return cycle
        stack.pop()
        state[f] = "done"
        return None

    for f in sorted(deps):
        if f not in state:
            cycle = visit(f)
            if cycle:
                return cycle
    return None


def layers(deps):
    """Layer of each folder: 0 without dependencies, else one above its highest dependency."""
    memo = {}

    def layer(f):
        if f not in memo:
            memo[f] = 1 + max((layer(d) for d in deps.get(f, [])), default=-1)
        return memo[f]

    return {f: layer(f) for f in deps}


def check():
    decls = declarations()
    errors = []
    for f in folders():
        if f not in decls:
            errors.append(f"compiler/CMakeLists.txt: error: compiler/{f}/ has no lutc_add_library line")
    deps = {f: d["public"] + d["private"] for f, d in decls.items()}
    cycle = find_cycle(deps)
    if cycle:
        errors.append("compiler/CMakeLists.txt: error: dependency cycle " + " -> ".join(cycle))
    used = {f: set() for f in decls}
    for f, d in sorted(decls.items()):
        for path in sorted((COMPILER / f).glob("*.[ch]pp")):
            is_header = path.suffix == ".hpp"
            allowed = set(d["public"]) if is_header else set(d["public"] + d["private"])
            for n, line in enumerate(path.read_text().splitlines(), 1):
                m = INCLUDE.match(line)
                if not m or m.group(1) == f or not (COMPILER / m.group(1)).is_dir():
                    continue
                g = m.group(1)
                used[f].add(g)
                if g in allowed:
                    continue
                rel = path.relative_to(ROOT)
                if is_header and g in d["private"]:
                    why = f"{g} is a PRIVATE dependency of {f}; a header needs it PUBLIC"
                else:
                    why = f"{f} does not depend on {g}"
                errors.append(f"{rel}:{n}:1: error: includes \"{g}/...\" but {why} "
                              f"(compiler/CMakeLists.txt:{d['line']})")
    for f, d in sorted(decls.items()):
        for g in sorted(set(deps[f]) - used[f]):
            print(f"compiler/CMakeLists.txt:{d['line']}: warning: {f} declares {g} but includes nothing from it")
    for e in errors:
        print(e)
    if not errors:
        print(f"layering ok: {len(decls)} folders, {sum(len(v) for v in deps.values())} dependencies, no cycle")
    return 1 if errors else 0


def graph(dot):
    decls = declarations()
    deps = {f: d["public"] + d["private"] for f, d in decls.items()}
    lay = layers(deps)
    order = sorted(decls, key=lambda f: (lay[f], f))
    if dot:
        print("digraph lutc {\n  rankdir=BT;\n  node [shape=box];")
        for f in order:
            for g in decls[f]["public"]:
                print(f"  {f} -> {g};")
            for g in decls[f]["private"]:
                print(f"  {f} -> {g} [style=dashed];")
        print("}")
        return 0
    for f in order:
        d = decls[f]
        parts = []
        if d["public"]:
            parts.append("PUBLIC " + " ".join(d["public"]))
        if d["private"]:
            parts.append("PRIVATE " + " ".join(d["private"]))
        print(f"layer {lay[f]}  {f:<9} -> {'; '.join(parts) if parts else '(nothing)'}")
    return 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    if mode == "check":
        sys.exit(check())
    if mode in ("graph", "dot"):
        sys.exit(graph(mode == "dot"))
    sys.exit(__doc__)
