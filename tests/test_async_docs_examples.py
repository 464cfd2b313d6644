"""The examples of the user guide's "Async code" section, run as they stand."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, python_blocks, run_example

pytest.importorskip("aiobotocore")

PAGE = "user-guide.md"
BLOCKS = python_blocks(PAGE, section="Async code")
EXAMPLES = example_tests(BLOCKS)


def test_the_section_has_its_two_examples() -> None:
    assert len(BLOCKS) == 2
    assert {number for number, _ in EXAMPLES} == {1, 2}


@pytest.mark.parametrize(
    ("number", "name"), EXAMPLES, ids=[f"example{number}-{name}" for number, name in EXAMPLES]
)
def test_the_example_passes(number: int, name: str) -> None:
    run_example(BLOCKS, number, PAGE)[name]()
