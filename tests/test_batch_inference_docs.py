"""The user guide's batch inference example ("Reaching each end on purpose"), run as it stands."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, run_example, subsection_blocks
from tests.factories import needs_operation

pytestmark = needs_operation("CreateModelInvocationJob")

PAGE = "user-guide.md"
SUBSECTION = "Reaching each end on purpose"
BLOCKS = subsection_blocks(PAGE, SUBSECTION)
EXAMPLES = example_tests(BLOCKS)


def test_the_subsection_has_one_example_with_a_test() -> None:
    assert [name for _, name in EXAMPLES] == ["test_every_end_a_batch_job_can_reach"]


@pytest.mark.parametrize(("number", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_the_example_passes(number: int, name: str) -> None:
    run_example(BLOCKS, number, f"{PAGE}, {SUBSECTION}")[name]()
