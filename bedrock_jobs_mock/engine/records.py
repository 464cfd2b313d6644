"""Records that a job reads from JSON Lines and answers one by one, and who answers them.

A job that moves data (batch inference; model evaluation) reads its input as JSON
Lines, one record a line, and asks a *responder* for each record's answer. The
test owns the responder (``env.respond_to_records``); the families supply a
deterministic default. This module holds only what every such job shares: the
record, the error a responder raises for one record, and the streaming reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Callable, NamedTuple

from bedrock_jobs_mock.engine import bounded_json


class Record(NamedTuple):
    """One record of a job's input, as its responder sees it (a named tuple: a job makes
    one per record, and a tuple costs a fraction of a frozen dataclass)."""

    #: The foundation model that answers: the model the job names, the one its inference
    #: profile routes to, or its custom model's base model (``anthropic.claude-...``).
    model_id: str
    #: How the record's input is shaped: ``InvokeModel`` (the model's own request body)
    #: or ``Converse`` (a Converse request).
    invocation_type: str
    #: The record's ``modelInput``, as parsed from its line.
    model_input: Mapping[str, Any]
    #: The record's ``recordId``: the one in its line, else the id the job gave it.
    record_id: str


class RecordError(Exception):
    """Raised by a responder: this record fails with ``code`` (an HTTP status, such as 400)
    and ``message``; its output line carries them instead of a model output."""

    def __init__(self, code: int, message: str) -> None:
        if not isinstance(code, int) or isinstance(code, bool):
            raise TypeError(f"a record error's code is an HTTP status (an int), got {code!r}")
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


#: What answers a record: the model's output (a JSON object), or :class:`RecordError`.
Responder = Callable[[Record], Mapping[str, Any]]


def check_responder(responder: object) -> None:
    """``TypeError`` unless ``responder`` is callable (or None: the default answers)."""
    if responder is not None and not callable(responder):
        raise TypeError(f"a record responder must be callable, got {responder!r}")


def lines_of(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of a stream of ``chunks``, without their line ends (``\\n`` or ``\\r\\n``);
    only the current chunk and the line it ends in are held."""
    rest = b""
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line[:-1] if line.endswith(b"\r") else line
    if rest:
        yield rest[:-1] if rest.endswith(b"\r") else rest


#: orjson's parser, where the ``fast`` extra installed it.
_fast_loads: Callable[[bytes], Any] | None
try:
    from orjson import loads as _orjson_loads
except ImportError:
    _fast_loads = None
else:
    _fast_loads = _orjson_loads


def parse_line(line: bytes) -> Any:
    """The JSON value of one line (``ValueError`` if it is not JSON), parsed by orjson
    where the ``fast`` extra installed it; what orjson refuses and the standard library
    takes (``NaN``, a lone surrogate escape) is taken, so both accept the same lines."""
    if _fast_loads is not None:
        try:
            return _fast_loads(line)
        except ValueError:  # orjson.JSONDecodeError
            pass
    return bounded_json.loads(line)  # not UTF-8, too deep: ValueErrors too
