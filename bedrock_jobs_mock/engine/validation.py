"""Server-side input validation, driven by the operation's input shape.

botocore checks required members, types and minimums on the client; the
service checks everything the model says. This module walks the input shape
once and reports every violation in the service's own wording::

    2 validation errors detected: Value 'x y' at 'jobName' failed to satisfy
    constraint: Member must satisfy regular expression pattern: ...; Value ...

Two exceptions, both for what the installed model cannot know (docs/fidelity.md):
an ARN the mock minted (``made_by_mock``) is never refused by a pattern that
names its resource type, since an older model's pattern may predate the ARNs
the service mints today; and a pattern the matcher cannot translate is not
checked (warned once, :class:`UncheckedPatternWarning`) rather than failing
the call.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import warnings
from datetime import datetime
from typing import Any, Callable, NamedTuple

from botocore.model import Shape

from bedrock_jobs_mock.engine.compiled import ShapeCache
from bedrock_jobs_mock.engine.errors import ServiceError, echoed
from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.regex import compile_java

#: Whether a string is one the mock made (an ARN it minted): see ``Backend.made_by_mock``.
MadeByMock = Callable[[str], bool]


def validate_input(
    shape: Shape | None,
    params: Any,
    made_by_mock: MadeByMock,
    accepted: Callable[[Violation], bool] | None = None,
) -> None:
    """Raise ``ValidationException`` listing every constraint ``params`` breaks (but the
    patterns that values ``made_by_mock`` break, and the violations ``accepted`` lets by:
    values the service takes although its model forbids them)."""
    if shape is None:
        return
    problems = violations(shape, params, "", made_by_mock)
    if problems and accepted is not None:
        problems = [problem for problem in problems if not accepted(problem)]
    if problems:
        raise validation_exception(problems)


def validation_exception(problems: list[Violation]) -> ServiceError:
    """The ``ValidationException`` that reports ``problems``, as the service words it."""
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return ServiceError(
        "ValidationException",
        f"{count} validation {noun} detected: " + "; ".join(p.message for p in problems),
    )


def render(value: Any) -> str:
    """A value as the service prints it inside ``Value '...'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={render(item)}" for key, item in value.items()) + "}"
    return str(value)


class Violation(NamedTuple):
    """One broken constraint: where, which, the service's sentence for it, and the value."""

    path: str
    constraint: str
    message: str
    value: Any = None


def failure(value: Any, path: str, constraint: str) -> Violation:
    """``value`` at ``path`` breaks ``constraint``."""
    shown = "null" if value is None else f"'{echoed(render(value))}'"
    return Violation(
        path,
        constraint,
        f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}",
        value,
    )


_PATTERN_CONSTRAINT = "Member must satisfy regular expression pattern: "


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


#: The Python types a value of each shape type may have (decoded input, handler output).
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "structure": (dict,),
    "map": (dict,),
    "list": (list,),
    "string": (str,),
    "blob": (bytes,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (datetime,),
}


def violations(
    shape: Shape, value: Any, path: str, made_by_mock: MadeByMock | None = None
) -> list[Violation]:
    """Every constraint of ``shape`` that ``value`` (at ``path``) breaks, in model order,
    leaving out the patterns broken by strings ``made_by_mock``.

    Decoded input always has the right types; a handler's output is checked with the
    same walk (see :mod:`bedrock_jobs_mock.engine.strict_outputs`), so a wrong type is reported.
    """
    problems: list[Violation] = []
    _VALIDATORS.of(shape)(value, "", path, problems)
    if problems and made_by_mock is not None:
        problems = [problem for problem in problems if not _made(problem, made_by_mock)]
    return problems


def _made(problem: Violation, made_by_mock: MadeByMock) -> bool:
    """Whether ``problem`` is a pattern meant for ARNs of a resource type (it names the
    type) broken by an ARN of that type the mock minted: the installed model's pattern
    predates the ARNs the service mints today. An ARN of another type stays refused."""
    if not problem.constraint.startswith(_PATTERN_CONSTRAINT) or not isinstance(problem.value, str):
        return False
    parts = parse_arn(problem.value)
    if parts is None:
        return False
    resource_type = re.split(r"[/:]", parts.resource, maxsplit=1)[0]
    pattern = problem.constraint[len(_PATTERN_CONSTRAINT) :]
    return _names(pattern, resource_type) and made_by_mock(problem.value)


@functools.lru_cache(maxsize=256)
def _names(pattern: str, word: str) -> bool:
    """Whether ``pattern`` holds ``word`` as a whole word (``custom-model`` is not named
    by ``custom-model-deployment``)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", pattern) is not None


#: A compiled walk: appends the violations of ``value``, the member ``name`` of what is
#: at path ``parent``, to ``problems``. The two are joined into a path only when needed:
#: for a violation, or to descend.
Validator = Callable[[Any, str, str, list[Violation]], None]

_SIZED_BY_LENGTH = frozenset({"string", "list", "map", "blob"})
_SIZED_BY_VALUE = frozenset({"integer", "long", "float", "double"})


class _Validators(ShapeCache[Validator]):
    """The validator of each shape: its constraints read from the model once."""

    def _build(self, shape: Shape) -> Validator:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape)
        accepted = _PYTHON_TYPES.get(kind)
        any_bool = kind == "boolean"
        wrong_type = f"Member must be of type {kind}"
        measure = (
            "length" if kind in _SIZED_BY_LENGTH else "value" if kind in _SIZED_BY_VALUE else None
        )
        low = shape.metadata.get("min") if measure else None
        high = shape.metadata.get("max") if measure else None
        too_low = f"Member must have {measure} greater than or equal to {low}"
        too_high = f"Member must have {measure} less than or equal to {high}"
        by_length = measure == "length"
        pattern: str | None = shape.metadata.get("pattern") if kind == "string" else None
        matches: Callable[[str], bool] | None = None
        if pattern is not None:
            source = pattern

            def compile_then_match(text: str) -> bool:
                # Compiled on the first value checked, then called directly: a first call
                # compiles the patterns of the members it sends, not of every member.
                nonlocal matches
                matches = _matcher(source) or _any_text
                return matches(text)

            matches = compile_then_match
        not_matching = f"{_PATTERN_CONSTRAINT}{pattern}"
        names: list[str] = shape.enum if kind == "string" else []
        enum = frozenset(names) if names else None
        not_in_enum = f"Member must satisfy enum value set: [{', '.join(names)}]"
        item = self.of(shape.member) if kind == "list" else None
        key = self.of(shape.key) if kind == "map" else None
        entry = self.of(shape.value) if kind == "map" else None

        def check(value: Any, parent: str, name: str, problems: list[Violation]) -> None:
            if accepted is not None and not (
                isinstance(value, accepted) and (any_bool or not isinstance(value, bool))
            ):
                problems.append(failure(value, _join(parent, name), wrong_type))
                return
            if measure is not None:
                size = len(value) if by_length else value
                if low is not None and size < low:
                    problems.append(failure(value, _join(parent, name), too_low))
                if high is not None and size > high:
                    problems.append(failure(value, _join(parent, name), too_high))
            if matches is not None and not matches(value):
                problems.append(failure(value, _join(parent, name), not_matching))
            if enum is not None and value not in enum:
                problems.append(failure(value, _join(parent, name), not_in_enum))
            if item is not None:
                path = _join(parent, name)
                for index, each in enumerate(value, start=1):
                    item(each, path, f"{index}.member", problems)
            elif key is not None and entry is not None:
                path = _join(parent, name)
                for entry_name, each in value.items():
                    key(entry_name, path, f"{entry_name}.key", problems)
                    entry(each, path, f"{entry_name}.value", problems)

        return check

    def _structure(self, shape: Shape) -> Validator:
        required = tuple(shape.required_members)
        members = tuple((name, self.of(member)) for name, member in shape.members.items())

        def check(value: Any, parent: str, name: str, problems: list[Violation]) -> None:
            path = _join(parent, name)
            if not isinstance(value, dict):
                problems.append(failure(value, path, "Member must be of type structure"))
                return
            get = value.get
            for required_name in required:
                if get(required_name) is None:
                    problems.append(
                        failure(None, _join(path, required_name), "Member must not be null")
                    )
            for member_name, member in members:
                each = get(member_name)
                if each is not None:
                    member(each, path, member_name, problems)

        return check


class UncheckedPatternWarning(UserWarning):
    """A service model's pattern uses syntax the mock cannot match (a newer botocore's,
    most likely): values are not checked against it, and everything else still is."""


_logger = logging.getLogger("bedrock_jobs_mock")
_unchecked: set[str] = set()
_unchecked_lock = threading.Lock()


def _matcher(pattern: str) -> Callable[[str], bool] | None:
    """``fullmatch`` of ``pattern``; ``None`` (and a warning, once per pattern) when the
    mock cannot translate it: that one constraint goes unchecked, and no call fails."""
    try:
        return compile_java(pattern).fullmatch
    except Exception as error:  # a construct the translator lacks, or a flaw of its own
        _warn_unchecked(pattern, error)
        return None


def _any_text(text: str) -> bool:
    """The match of a pattern that goes unchecked."""
    return True


def _warn_unchecked(pattern: str, error: Exception) -> None:
    with _unchecked_lock:
        if pattern in _unchecked:
            return
        _unchecked.add(pattern)
    message = (
        f"bedrock-jobs-mock does not check values against the service model's pattern "
        f"{pattern}, which it cannot match ({error}). Please report it."
    )
    try:
        warnings.warn(message, UncheckedPatternWarning, stacklevel=2)
    except UncheckedPatternWarning:  # warnings turned into errors: the call must not fail
        _logger.warning(message)


_VALIDATORS = _Validators()
