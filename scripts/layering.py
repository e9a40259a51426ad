#!/usr/bin/env python3
"""Checks the module map of jpki-core's crate docs: a module uses only the
modules before it in ORDER (the foundation modules anywhere). It reads every
`crate::…` path in jpki-core/src outside comments (unit tests included) and maps the
crate root's re-exported names to the modules that define them.

Usage: scripts/layering.py [jpki-core/src]; exits 1 on a path that goes upwards.
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "jpki-core/src"
FOUNDATION = {"error", "serial", "time", "values", "oid"}
ORDER = ["pem", "apdu", "crypto", "cert", "path", "cms", "card", "revocation", "verifier", "login", "sim"]
# The crate root's names, by the module that defines them.
ROOT_NAMES = {
    "Error": "error", "ErrorKind": "error", "DecodeError": "error", "PositionsError": "error",
    "Serial": "serial", "Time": "time", "Date": "time", "SimulatorError": "values",
    "Certificate": "cert", "Applicant": "cert", "Comparison": "cert", "FieldMatch": "cert",
    "PersonalInfo": "cert", "Sex": "cert", "RevocationPolicy": "revocation",
    "Verifier": "verifier", "VerifierBuilder": "verifier", "Verdict": "verifier",
    "CertificateVerdict": "verifier", "Check": "verifier", "CrlChange": "verifier",
    "OcspQuery": "verifier", "PolicySet": "verifier", "Usage": "verifier",
}
rank = {m: i for i, m in enumerate(ORDER)}
path_re = re.compile(r"\bcrate::(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
bad = []
for dirpath, _, files in os.walk(SRC):
    for f in files:
        if not f.endswith(".rs"):
            continue
        full = os.path.join(dirpath, f)
        rel = os.path.relpath(full, SRC)
        owner = rel.split(os.sep)[0].removesuffix(".rs")
        if owner in FOUNDATION or owner == "lib":
            allowed = FOUNDATION
        else:
            allowed = FOUNDATION | set(ORDER[: rank[owner] + 1])
        for n, line in enumerate(open(full, encoding="utf-8"), 1):
            if line.lstrip().startswith("//"):
                continue  # a doc link to a user of the module is no dependency
            for group, single in path_re.findall(line):
                names = [single] if single else [g.strip().split("::")[0] for g in group.split(",")]
                for name in filter(None, names):
                    target = ROOT_NAMES.get(name, name)
                    if target in ("self", "super") or target[0].isupper():
                        continue
                    if target not in allowed:
                        bad.append(f"{rel}:{n}: {owner} uses crate::{name} ({target})")
for b in bad:
    print("ERROR:", b, file=sys.stderr)
print(f"layering: {len(bad)} upward uses")
sys.exit(1 if bad else 0)
