"""Model patterns are matched in time linear in the input, with Java's meaning.

Python's backtracking ``re`` took 16 s to refuse ``"a" + "-" * 28 + "!"`` as a
job identifier; every step further doubled it.
"""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.engine.regex import compile_java
from bedrock_jobs_mock.engine.regex.syntax import (
    Chars,
    Choice,
    LookAhead,
    Node,
    Repeat,
    Sequence,
    parse,
)
from tests.factories import error_of, import_job_request

_SESSION = botocore.session.get_session()
_BEDROCK = _SESSION.get_service_model("bedrock")
JOB_IDENTIFIER_PATTERN = (
    _BEDROCK.operation_model("GetModelImportJob")
    .input_shape.members["jobIdentifier"]
    .metadata["pattern"]
)
JOB_NAME_PATTERN = _BEDROCK.shape_for("JobName").metadata["pattern"]


def _modeled_patterns() -> dict[str, int]:
    """Every pattern of both models, with the longest value any member holding it allows."""
    longest: dict[str, int] = {}
    for service in ("bedrock", "lookoutequipment"):
        model = _SESSION.get_service_model(service)
        for name in model.shape_names:
            shape = model.shape_for(name)
            pattern = shape.metadata.get("pattern")
            if pattern is not None:
                allowed = min(shape.metadata.get("max", 4096), 4096)
                longest[pattern] = max(longest.get(pattern, 0), allowed)
    return longest


MODELED_PATTERNS = _modeled_patterns()


def _repeated_characters(node: Node, repeated: bool = False) -> set[str]:
    """One character of each class that sits inside a repetition of ``node``."""
    if isinstance(node, Chars):
        return {chr(node.charset[0][0]), chr(node.charset[-1][0])} if repeated else set()
    if isinstance(node, Repeat):
        return _repeated_characters(node.item, repeated=repeated or node.high != node.low)
    children = node.items if isinstance(node, Sequence) else ()
    children = node.options if isinstance(node, Choice) else children
    children = (node.item,) if isinstance(node, LookAhead) else children
    return set().union(*(_repeated_characters(child, repeated) for child in children))


def _adversarial_inputs(pattern: str, length: int) -> list[str]:
    """Runs of the characters the pattern's repetitions accept, alone, after a
    valid-looking first character, and alternating, each ending in a mismatch."""
    characters = sorted(_repeated_characters(parse(pattern)))
    inputs = [("".join(characters) * length)[: length - 1] + "\x00"]
    for char in characters:
        run = char * (length - 1)
        inputs += [run + "\x00", "a" + run[1:] + "!", ("a" + char) * (length // 2) + "\x00"]
    return inputs


def test_an_identifier_that_made_python_re_backtrack_is_refused_at_once(bedrock: Any) -> None:
    identifier = "a" + "-" * 5000 + "!"
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_import_job(jobIdentifier=identifier)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.endswith(  # echoed as its first 2,048 characters
        f"Value '{identifier[:2048]}...' at 'jobIdentifier' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {JOB_IDENTIFIER_PATTERN}"
    )


def test_a_long_job_name_with_a_typo_at_the_end_is_refused(raw_bedrock: Any) -> None:
    name = "a" + "-" * 61 + "!"
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name=name))
    assert error_of(excinfo) == (
        "ValidationException",
        f"1 validation error detected: Value '{name}' at 'jobName' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {JOB_NAME_PATTERN}",
        400,
    )


@pytest.mark.parametrize("pattern", sorted(MODELED_PATTERNS))
def test_every_modeled_pattern_matches_in_linear_work(pattern: str) -> None:
    """Each pattern of both models, fed adversarial inputs up to its member's maximum
    length: the automata visit at most a constant (the pattern's size) per character.

    Calls the pattern compiler directly: most patterns guard members of operations the
    mock does not serve, so no request could reach them all.
    """
    compiled = compile_java(pattern)
    for text in _adversarial_inputs(pattern, MODELED_PATTERNS[pattern]):
        before = [automaton.steps for automaton in compiled.automata]
        compiled.fullmatch(text)
        for automaton, start in zip(compiled.automata, before):
            assert automaton.steps - start <= (len(text) + 1) * (3 * automaton.size + 1)
