"""The user guide's example of batch inference records ("Records, beside moto's S3"), run
as it stands."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, run_example, subsection_blocks
from tests.factories import needs_member, needs_operation

#: Where this botocore's model has a batch job's record counts (the oldest supported
#: models predate them, and its invocation type): the records still flow there, unseen.
pytestmark = [
    needs_operation("CreateModelInvocationJob"),
    needs_member("GetModelInvocationJobResponse", "totalRecordCount"),
]

PAGE = "user-guide.md"
SUBSECTION = "Records, beside moto's S3"
BLOCKS = subsection_blocks(PAGE, SUBSECTION)
EXAMPLES = example_tests(BLOCKS)


def test_the_subsection_has_one_example_with_a_test() -> None:
    assert [name for _, name in EXAMPLES] == ["test_records_flow_from_input_to_output"]


@pytest.mark.parametrize(("number", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_the_example_passes(number: int, name: str) -> None:
    pytest.importorskip("moto")
    run_example(BLOCKS, number, f"{PAGE}, {SUBSECTION}")[name]()
