"""The user guide's knowledge-base example ("Knowledge bases and ingestion"), run as it
stands beside moto's S3."""

from __future__ import annotations

import pytest

from tests.doc_examples import example_tests, python_blocks, run_example
from tests.factories import has_operation

pytest.importorskip("moto")

PAGE = "user-guide.md"
SECTION = "Knowledge bases and ingestion"
BLOCKS = python_blocks(PAGE, SECTION)
EXAMPLES = example_tests(BLOCKS)


#: The examples of operations the installed botocore may lack, and those operations.
NEEDS = {"test_a_document_is_indexed_then_deleted": "IngestKnowledgeBaseDocuments"}


def test_the_section_has_its_examples_with_a_test() -> None:
    assert [name for _, name in EXAMPLES] == [
        "test_a_second_sync_counts_what_changed",
        "test_a_document_is_indexed_then_deleted",
    ]


@pytest.mark.parametrize(("number", "name"), EXAMPLES, ids=[name for _, name in EXAMPLES])
def test_the_example_passes(number: int, name: str) -> None:
    if name in NEEDS and not has_operation("bedrock-agent", NEEDS[name]):
        pytest.skip(f"this botocore's model has no {NEEDS[name]}")
    run_example(BLOCKS, number, f"{PAGE}, {SECTION}")[name]()
