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


POLLING_SECTION = "Code that polls without sleeping"
POLLING_BLOCKS = python_blocks("user-guide.md", POLLING_SECTION)
POLLING_EXAMPLES = example_tests(POLLING_BLOCKS)


def test_the_polling_section_has_an_example_for_each_mode() -> None:
    assert [name for _, name in POLLING_EXAMPLES] == [
        "test_a_bare_poll_ends_in_a_known_number_of_calls",
        "test_a_customization_finishes_on_its_third_read",
        "test_one_job_fails_on_its_second_read",
        "test_a_poll_that_never_moves_time_fails_with_a_reason",
        "test_a_poll_that_sleeps_is_never_stopped",
        "test_the_timeout_path_on_the_mock_clock",
    ]


@pytest.mark.parametrize(
    ("number", "name"),
    POLLING_EXAMPLES,
    ids=[f"polling{number}-{name}" for number, name in POLLING_EXAMPLES],
)
def test_the_polling_example_passes(number: int, name: str) -> None:
    run_example(POLLING_BLOCKS, number, f"user-guide.md, {POLLING_SECTION}")[name]()
