"""The README as an index shows it: links that work off GitHub, examples that run as written."""

from __future__ import annotations

import re

import pytest

from tests.doc_examples import ROOT, python_blocks

REPOSITORY = "https://github.com/bedrock-jobs-mock/bedrock-jobs-mock"
TEXT = (ROOT / "README.md").read_text()
BLOCKS = python_blocks("README.md", folder=ROOT)


def test_every_link_is_absolute_and_names_a_file_of_the_repository() -> None:
    links = re.findall(r"\]\(([^)]+)\)|<(https?://[^>]+)>", TEXT)
    targets = [inline or bare for inline, bare in links]
    assert targets, "the README links to its docs"
    assert [target for target in targets if not target.startswith("https://")] == []
    for target in targets:
        if target.startswith(f"{REPOSITORY}/blob/main/"):
            path = target.removeprefix(f"{REPOSITORY}/blob/main/").partition("#")[0]
            assert (ROOT / path).is_file(), target


@pytest.mark.parametrize("number", range(1, len(BLOCKS) + 1))
def test_the_example_runs_as_written_under_pytest(pytester: pytest.Pytester, number: int) -> None:
    assert len(BLOCKS) == 2
    pytester.makepyfile(BLOCKS[number - 1])
    # In a process of its own, as a user runs it (an inline run shares this session's
    # modules, and restores them afterwards).
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
