"""The user guide's example of batch inference records ("Records, beside moto's S3"), run
as it stands."""

from __future__ import annotations

import re

import pytest

from tests.doc_examples import DOCS, example_tests, run_example

PAGE = "user-guide.md"
SUBSECTION = "### Records, beside moto's S3\n"


def _blocks() -> list[str]:
    text = (DOCS / PAGE).read_text().split(SUBSECTION, 1)[1]
    text = re.split(r"^#{2,3} ", text, maxsplit=1, flags=re.MULTILINE)[0]
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


BLOCKS = _blocks()
EXAMPLES = example_tests(BLOCKS)


def test_the_subsection_has_one_example_with_a_test() -> None:
    assert [name for _, name in EXAMPLES] == ["test_records_flow_from_input_to_output"]


@pytest.mark.parametrize(("number", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_the_example_passes(number: int, name: str) -> None:
    pytest.importorskip("moto")
    run_example(BLOCKS, number, f"{PAGE}, {SUBSECTION.strip()}")[name]()
