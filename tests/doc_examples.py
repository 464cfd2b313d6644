"""Run a docs page's ```python blocks as test modules, so a page cannot drift from the library."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def python_blocks(page: str, section: str | None = None, *, folder: Path = DOCS) -> list[str]:
    """The ```python blocks of ``docs/{page}`` (or ``{folder}/{page}``), or of its
    ``## {section}`` only."""
    text = (folder / page).read_text()
    if section is not None:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def subsection_blocks(page: str, subsection: str) -> list[str]:
    """The ```python blocks of ``docs/{page}``'s ``### {subsection}``, up to the next
    heading of level 2 or 3."""
    text = (DOCS / page).read_text().split(f"\n### {subsection}\n", 1)[1]
    text = re.split(r"^#{2,3} ", text, maxsplit=1, flags=re.MULTILINE)[0]
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def example_tests(blocks: list[str]) -> list[tuple[int, str]]:
    """(example number, test function name) of every ``test_*`` function the blocks define."""
    return [
        (number, name)
        for number, block in enumerate(blocks, start=1)
        for name in re.findall(r"^def (test_\w+)", block, flags=re.MULTILINE)
    ]


def run_example(blocks: list[str], number: int, where: str) -> dict[str, Any]:
    """Execute example ``number`` as a module named after ``where``; its namespace."""
    name = f"{where}, example {number}"
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(blocks[number - 1], name, "exec"), namespace)
    return namespace
