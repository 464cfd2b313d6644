"""Server-side input validation, driven by the operation's input shape.

botocore checks required members, types and minimums on the client; the
service checks everything the model says. This module walks the input shape
once and reports every violation in the service's own wording::

    2 validation errors detected: Value 'x y' at 'jobName' failed to satisfy
    constraint: Member must satisfy regular expression pattern: ...; Value ...
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from botocore.model import Shape

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.regex import compile_java


def validate_input(shape: Shape | None, params: Any) -> None:
    """Raise ``ValidationException`` listing every constraint ``params`` breaks."""
    if shape is None:
        return
    problems = violations(shape, params, "")
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
    """One broken constraint: where, which, and the service's sentence for it."""

    path: str
    constraint: str
    message: str


def failure(value: Any, path: str, constraint: str) -> Violation:
    """``value`` at ``path`` breaks ``constraint``."""
    shown = "null" if value is None else f"'{render(value)}'"
    return Violation(
        path, constraint, f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"
    )


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


def _has_type(kind: str, value: Any) -> bool:
    accepted = _PYTHON_TYPES.get(kind)
    if accepted is None:
        return True  # a document holds any JSON value
    return isinstance(value, accepted) and (kind == "boolean" or not isinstance(value, bool))


def violations(shape: Shape, value: Any, path: str) -> list[Violation]:
    """Every constraint of ``shape`` that ``value`` (at ``path``) breaks, in model order.

    Decoded input always has the right types; a handler's output is checked with the
    same walk (see :mod:`bedrock_jobs_mock.engine.strict_outputs`), so a wrong type is reported.
    """
    kind = shape.type_name
    if not _has_type(kind, value):
        return [failure(value, path, f"Member must be of type {kind}")]
    if kind == "structure":
        return _structure_violations(shape, value, path)
    problems = _size_violations(shape, value, path)
    if kind == "string":
        pattern = shape.metadata.get("pattern")
        if pattern is not None and not compile_java(pattern).fullmatch(value):
            problems.append(
                failure(value, path, f"Member must satisfy regular expression pattern: {pattern}")
            )
        if shape.enum and value not in shape.enum:
            problems.append(
                failure(
                    value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
                )
            )
    elif kind == "list":
        for index, item in enumerate(value, start=1):
            problems.extend(violations(shape.member, item, f"{path}.{index}.member"))
    elif kind == "map":
        for key, item in value.items():
            problems.extend(violations(shape.key, key, f"{path}.{key}.key"))
            problems.extend(violations(shape.value, item, f"{path}.{key}.value"))
    return problems


def _structure_violations(shape: Shape, value: Any, path: str) -> list[Violation]:
    problems: list[Violation] = []
    for name in shape.required_members:
        if value.get(name) is None:
            problems.append(failure(None, _join(path, name), "Member must not be null"))
    for name, member in shape.members.items():
        if value.get(name) is not None:
            problems.extend(violations(member, value[name], _join(path, name)))
    return problems


def _size_violations(shape: Shape, value: Any, path: str) -> list[Violation]:
    """Length limits of strings, lists, maps and blobs; value limits of numbers."""
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    if shape.type_name in ("string", "list", "map", "blob"):
        size, measure = len(value), "length"
    elif shape.type_name in ("integer", "long", "float", "double"):
        size, measure = value, "value"
    else:
        return []
    problems: list[Violation] = []
    if low is not None and size < low:
        problems.append(
            failure(value, path, f"Member must have {measure} greater than or equal to {low}")
        )
    if high is not None and size > high:
        problems.append(
            failure(value, path, f"Member must have {measure} less than or equal to {high}")
        )
    return problems
