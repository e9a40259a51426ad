"""Every ```python block of the repository's README.md runs as it is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[tuple[int, str]]:
    """(line number, code) of each ```python fenced block."""
    text = README.read_text(encoding="utf-8")
    blocks: list[tuple[int, str]] = []
    for match in re.finditer(r"^```python[ \t]*\n(.*?)^```[ \t]*$", text, re.M | re.S):
        line = text.count("\n", 0, match.start()) + 1
        blocks.append((line, match.group(1)))
    return blocks


def test_readme_has_python_examples() -> None:
    assert python_blocks(), "README.md has no ```python block (the 'From Python' section)"


BLOCKS = python_blocks() or [(0, "raise AssertionError('README.md has no python block')")]


@pytest.mark.parametrize(("line", "code"), BLOCKS, ids=[f"README.md:{line}" for line, _ in BLOCKS])
def test_readme_block_runs(line: int, code: str) -> None:
    # Padded so that a traceback names the README's own line numbers.
    compiled = compile("\n" * line + code, str(README), "exec")
    namespace: dict[str, object] = {"__name__": f"readme_block_{line}"}
    exec(compiled, namespace)
