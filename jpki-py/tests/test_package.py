"""The package's surface: public names, the private native module, the version."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import jpki
import jpki.exceptions
import jpki.sim

REPO = Path(__file__).resolve().parents[2]


def workspace_version() -> str:
    """`version` of `[workspace.package]` in the repository's Cargo.toml."""
    text = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[workspace\.package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    assert section is not None, "Cargo.toml has no [workspace.package]"
    version = re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
    assert version is not None, "[workspace.package] has no version"
    return version.group(1)


def test_all_names_exist_and_are_unique() -> None:
    assert len(jpki.__all__) == len(set(jpki.__all__))
    for name in jpki.__all__:
        assert hasattr(jpki, name), name
    for name in jpki.sim.__all__:
        assert hasattr(jpki.sim, name), name
    for name in jpki.exceptions.__all__:
        assert hasattr(jpki.exceptions, name), name


def test_public_classes_are_reexported() -> None:
    for name in ["Certificate", "Verifier", "Crl", "Card", "Applicant", "Verdict", "JpkiError"]:
        assert name in jpki.__all__, name
    # The exceptions are one set of classes, reachable from both modules.
    for name in jpki.exceptions.__all__:
        assert getattr(jpki, name) is getattr(jpki.exceptions, name), name


def test_native_module_is_private() -> None:
    rust = importlib.import_module("jpki._rust")
    assert "_rust" not in jpki.__all__
    assert not any(name.startswith("_") and name != "__version__" for name in jpki.__all__)
    # The public classes are the native ones, re-exported.
    assert jpki.Certificate is rust.Certificate
    assert jpki.sim.Authority is getattr(rust, "Authority")
    assert jpki.sim.VirtualCard is getattr(rust, "VirtualCard")
    # The simulator stays out of the top-level namespace.
    assert not {"Authority", "VirtualCard", "Personalized"} & set(jpki.__all__)
    # Classes name their public module, not the native one.
    for name in jpki.__all__:
        obj = getattr(jpki, name)
        if isinstance(obj, type) and name not in ("Transport", "NonceStore"):
            assert obj.__module__ in ("jpki", "jpki.exceptions"), (name, obj.__module__)
    for name in jpki.sim.__all__:
        assert getattr(jpki.sim, name).__module__ == "jpki.sim", name


def test_version_is_the_workspace_version() -> None:
    version = workspace_version()
    assert jpki.__version__ == version
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version)


def test_json_schema_version() -> None:
    assert jpki.JSON_SCHEMA_VERSION == 1


def test_typed_package_ships_stubs() -> None:
    package_dir = Path(inspect.getfile(jpki)).parent
    assert (package_dir / "py.typed").is_file()
    assert (package_dir / "_rust.pyi").is_file()


def test_error_kinds_table() -> None:
    kinds = jpki.error_kinds()
    assert kinds[302] == "ISSUER_NOT_FOUND"
    assert kinds[600] == "CERTIFICATE_REVOKED"
    assert kinds[904] == "LAST_TRY_REFUSED"
    assert kinds[100] == "DECODE"
    for code, name in kinds.items():
        assert 100 <= code < 1200, code
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), name
    assert len(set(kinds.values())) == len(kinds)
    # Every area of the exception table has codes.
    assert {code // 100 for code in kinds} >= {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
