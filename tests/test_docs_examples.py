"""The examples of docs/testing-real-code.md, run as they stand: every ```python block of the
page is a test module, and every ``test_*`` function it defines must pass."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, python_blocks, run_example

PAGE = "testing-real-code.md"
BLOCKS = python_blocks(PAGE)
EXAMPLES = example_tests(BLOCKS)


def test_every_example_of_the_page_defines_tests() -> None:
    assert len(BLOCKS) == 4
    assert {number for number, _ in EXAMPLES} == {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("number", "name"), EXAMPLES, ids=[f"example{number}-{name}" for number, name in EXAMPLES]
)
def test_the_example_passes(number: int, name: str) -> None:
    run_example(BLOCKS, number, PAGE)[name]()
