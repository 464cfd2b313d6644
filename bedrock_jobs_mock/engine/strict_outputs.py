"""Strict outputs: every answer checked against the operation's output shape.

Off by default. With ``BEDROCK_JOBS_MOCK_STRICT_OUTPUTS=1`` in the environment
(the project's own test suite sets it), every output a handler returns is
walked with the input validator over the operation's output shape; a value the
model forbids raises :class:`OutputViolation` in the caller instead of reaching
it. Values the real service is seen to answer although its model forbids them
are allowed, each listed in :data:`SEEN_FROM_THE_SERVICE` with its source in
``docs/fidelity.md``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from botocore.model import OperationModel

from bedrock_jobs_mock.engine.validation import Violation, violations

STRICT_OUTPUTS_ENV = "BEDROCK_JOBS_MOCK_STRICT_OUTPUTS"

#: ``(service, operation, member path with list positions as '*')`` where the real service
#: answers values its own model forbids; each is listed in docs/fidelity.md with its source.
SEEN_FROM_THE_SERVICE: frozenset[tuple[str, str, str]] = frozenset(
    {
        # baseModelName "" in custom model summaries (BaseModelName: min 1, a pattern).
        ("bedrock", "ListCustomModels", "modelSummaries.*.member.baseModelName"),
        # Names such as "Titan Text G1 - Express" (BrandedName: max 20).
        ("bedrock", "ListFoundationModels", "modelSummaries.*.member.modelName"),
        ("bedrock", "GetFoundationModel", "modelDetails.modelName"),
        # VIDEO input of Nova models (ModelModality: TEXT, IMAGE, EMBEDDING).
        ("bedrock", "ListFoundationModels", "modelSummaries.*.member.inputModalities.*.member"),
        ("bedrock", "GetFoundationModel", "modelDetails.inputModalities.*.member"),
    }
)

_LIST_POSITION = re.compile(r"\.\d+\.member")


class OutputViolation(AssertionError):
    """The mock answered with a value the operation's output shape forbids."""


def strict_outputs_enabled() -> bool:
    return os.environ.get(STRICT_OUTPUTS_ENV, "") not in ("", "0")


def _seen_from_the_service(service: str, operation: str, violation: Violation) -> bool:
    path = _LIST_POSITION.sub(".*.member", violation.path)
    return (service, operation, path) in SEEN_FROM_THE_SERVICE


def check_output(service: str, operation: OperationModel, output: Any) -> None:
    """Raise :class:`OutputViolation` if strict outputs are on and ``output`` breaks
    the output shape of ``operation`` beyond the values seen from the service."""
    shape = operation.output_shape
    if shape is None or not strict_outputs_enabled():
        return
    problems = [
        problem.message
        for problem in violations(shape, output, "")
        if not _seen_from_the_service(service, operation.name, problem)
    ]
    if problems:
        raise OutputViolation(f"{service}:{operation.name} answered " + "; ".join(problems))
