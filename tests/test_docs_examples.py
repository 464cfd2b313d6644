"""The examples of docs/testing-real-code.md, run as they stand: every ```python block of the
page is a test module, and every ``test_*`` function it defines must pass."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "testing-real-code.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```$", PAGE.read_text(), flags=re.MULTILINE | re.DOTALL)
#: (example number, test function name) of every test the page's examples define.
EXAMPLES = [
    (number, name)
    for number, block in enumerate(BLOCKS, start=1)
    for name in re.findall(r"^def (test_\w+)", block, flags=re.MULTILINE)
]


def _run_example(number: int) -> dict[str, Any]:
    """Execute example ``number`` as a module; its namespace."""
    where = f"{PAGE.name}, example {number}"
    namespace: dict[str, Any] = {"__name__": where}
    exec(compile(BLOCKS[number - 1], where, "exec"), namespace)
    return namespace


def test_every_example_of_the_page_defines_tests() -> None:
    assert len(BLOCKS) == 4
    assert {number for number, _ in EXAMPLES} == {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("number", "name"), EXAMPLES, ids=[f"example{number}-{name}" for number, name in EXAMPLES]
)
def test_the_example_passes(number: int, name: str) -> None:
    _run_example(number)[name]()
