#!/usr/bin/env python3
"""Checks the public surface of jpki-core from rustdoc's JSON output:

* every public item is reachable by exactly one path (issue 8: no item by two
  paths, such as `card::HashAlgorithm` = `crypto::HashAlgorithm`);
* the crate root re-exports a short list of names (at most MAX_ROOT).

Usage: scripts/public_paths.py target/doc/jpki.json
Prints the paths and exits 1 on a violation.
"""
import json
import sys
from collections import defaultdict

MAX_ROOT = 30

doc = json.load(open(sys.argv[1]))
index = doc["index"]


def item(i):
    return index.get(str(i)) or index.get(i)


paths = defaultdict(list)  # item id -> public paths
root_names = []


def walk(module_id, prefix, seen):
    module = item(module_id)
    for child in module["inner"]["module"]["items"]:
        it = item(child)
        if it is None or it.get("visibility") != "public":
            continue
        inner = it["inner"]
        if "use" in inner:
            use = inner["use"]
            target = use["id"]
            if use["is_glob"] or target is None:
                continue
            target_item = item(target)
            if target_item is None:  # an external crate's item: not ours
                continue
            name = use["name"]
            kind = list(target_item["inner"].keys())[0]
        else:
            target, name = child, it.get("name")
            kind = list(inner.keys())[0]
        if kind == "impl" or name is None:
            continue
        path = prefix + "::" + name
        if kind == "module":
            if target in seen:
                paths[target].append(path)
                continue
            paths[target].append(path)
            walk(target, path, seen | {target})
        else:
            paths[target].append(path)
        if prefix == "jpki" and kind != "module":
            root_names.append(name)


walk(doc["root"], "jpki", {doc["root"]})
bad = {i: p for i, p in paths.items() if len(set(p)) > 1}
for p in sorted(set(sum(paths.values(), []))):
    print(p)
print(f"\n{len(paths)} public items; {len(root_names)} names at the crate root: {', '.join(sorted(root_names))}")
status = 0
for i, p in bad.items():
    print(f"ERROR: one item, several paths: {', '.join(sorted(set(p)))}", file=sys.stderr)
    status = 1
if len(root_names) > MAX_ROOT:
    print(f"ERROR: {len(root_names)} names at the crate root (at most {MAX_ROOT})", file=sys.stderr)
    status = 1
sys.exit(status)
