"""The user guide's example of model evaluation scores ("Scores, beside moto's S3"), run as
it stands."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, run_example, subsection_blocks
from tests.evaluation_helpers import JUDGES

#: The example is a judge job, which the oldest supported models predate.
pytestmark = pytest.mark.skipif(not JUDGES, reason="this botocore's model has no judge jobs")

PAGE = "user-guide.md"
SUBSECTION = "Scores, beside moto's S3"
BLOCKS = subsection_blocks(PAGE, SUBSECTION)
EXAMPLES = example_tests(BLOCKS)


def test_the_subsection_has_one_example_with_a_test() -> None:
    assert [name for _, name in EXAMPLES] == ["test_a_gate_reads_the_judges_scores"]


@pytest.mark.parametrize(("number", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_the_example_passes(number: int, name: str) -> None:
    pytest.importorskip("moto")
    run_example(BLOCKS, number, f"{PAGE}, {SUBSECTION}")[name]()
