"""Strict outputs: every answer checked against the operation's output shape.

Off by default. With ``BEDROCK_JOBS_MOCK_STRICT_OUTPUTS=1`` in the environment
(the project's own test suite sets it), every output a handler returns is
walked with the input validator over the operation's output shape; a value the
model forbids raises :class:`OutputViolation` in the caller instead of reaching
it. Allowed, as in requests: a string the mock made (an ARN it minted) that an
older model's pattern predates. Allowed too: values the real service is seen to
answer although its model (today's, or an older one the mock supports) forbids
them, each listed in :data:`SEEN_FROM_THE_SERVICE` with its source in
``docs/fidelity.md``. The same list form says which values the service accepts in
requests although its model forbids them (:data:`ACCEPTED_FROM_CLIENTS`).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, NamedTuple

from botocore.model import OperationModel

from bedrock_jobs_mock.engine.validation import MadeByMock, Violation, violations


class Seen(NamedTuple):
    """A value the real service answers although its model forbids it: at ``path`` (list
    positions as ``*``) of ``operation``'s output, breaking only the constraint that starts
    with ``constraint``, and only for ``value`` (``None``: whatever value breaks it)."""

    service: str
    operation: str
    path: str
    constraint: str
    value: str | None = None


_ENUM = "Member must satisfy enum value set"
_PATTERN = "Member must satisfy regular expression pattern"
_TASK_TYPE = "datasetMetricConfigs.*.member.taskType"
_GENERAL = "General"

#: Each is listed in docs/fidelity.md with its source.
SEEN_FROM_THE_SERVICE: tuple[Seen, ...] = (
    # baseModelName "" in custom model summaries (BaseModelName: min 1, a pattern).
    Seen("bedrock", "ListCustomModels", "modelSummaries.*.member.baseModelName", "Member", ""),
    # Names such as "Titan Text G1 - Express" (BrandedName: max 20).
    Seen(
        "bedrock",
        "ListFoundationModels",
        "modelSummaries.*.member.modelName",
        "Member must have length less than or equal to 20",
    ),
    Seen(
        "bedrock",
        "GetFoundationModel",
        "modelDetails.modelName",
        "Member must have length less than or equal to 20",
    ),
    # VIDEO input of Nova models (ModelModality: TEXT, IMAGE, EMBEDDING).
    Seen(
        "bedrock",
        "ListFoundationModels",
        "modelSummaries.*.member.inputModalities.*.member",
        _ENUM,
        "VIDEO",
    ),
    Seen("bedrock", "GetFoundationModel", "modelDetails.inputModalities.*.member", _ENUM, "VIDEO"),
    # DISTILLATION among a model's customizations: older models' ModelCustomization enum
    # (botocore 1.35.4's) predates it; today's lists it.
    Seen(
        "bedrock",
        "ListFoundationModels",
        "modelSummaries.*.member.customizationsSupported.*.member",
        _ENUM,
        "DISTILLATION",
    ),
    Seen(
        "bedrock",
        "GetFoundationModel",
        "modelDetails.customizationsSupported.*.member",
        _ENUM,
        "DISTILLATION",
    ),
    # A batch job's modelId answered as an inference profile's ARN: older models' ModelId
    # pattern (botocore 1.35.4's) predates inference profiles; today's names them.
    Seen("bedrock", "GetModelInvocationJob", "modelId", _PATTERN),
    Seen("bedrock", "ListModelInvocationJobs", "invocationJobSummaries.*.member.modelId", _PATTERN),
    # The General task type of LLM-as-a-judge evaluation jobs, which AWS's own samples send
    # (EvaluationTaskType's enum lacks it), echoed back.
    *(
        Seen(
            "bedrock", "GetEvaluationJob", f"evaluationConfig.{kind}.{_TASK_TYPE}", _ENUM, "General"
        )
        for kind in ("automated", "human")
    ),
    Seen(
        "bedrock",
        "ListEvaluationJobs",
        "jobSummaries.*.member.evaluationTaskTypes.*.member",
        _ENUM,
        "General",
    ),
    # Lists of evaluation jobs empty or longer than 5 (EvaluationSummaries: min 1, max 5),
    # as an account with no job, or with many, gets them.
    Seen("bedrock", "ListEvaluationJobs", "jobSummaries", "Member must have length"),
)

#: Values the real service accepts in requests although its model forbids them, each
#: listed in docs/fidelity.md with its source: the validation of requests lets them by.
ACCEPTED_FROM_CLIENTS: tuple[Seen, ...] = tuple(
    Seen(
        "bedrock", "CreateEvaluationJob", f"evaluationConfig.{kind}.{_TASK_TYPE}", _ENUM, "General"
    )
    for kind in ("automated", "human")
)

_LIST_POSITION = re.compile(r"\.\d+\.member")


class OutputViolation(AssertionError):
    """The mock answered with a value the operation's output shape forbids."""


def _seen_from_the_service(
    service: str,
    operation: str,
    violation: Violation,
    table: tuple[Seen, ...] = SEEN_FROM_THE_SERVICE,
) -> bool:
    path = _LIST_POSITION.sub(".*.member", violation.path)
    return any(
        (seen.service, seen.operation, seen.path) == (service, operation, path)
        and violation.constraint.startswith(seen.constraint)
        and (seen.value is None or violation.message.startswith(f"Value '{seen.value}' "))
        for seen in table
    )


@functools.cache
def accepted_from_clients(service: str, operation: str) -> Callable[[Violation], bool]:
    """Whether a violation of ``operation``'s input is one the service accepts
    (:data:`ACCEPTED_FROM_CLIENTS`): made once per operation."""
    return functools.partial(
        _seen_from_the_service, service, operation, table=ACCEPTED_FROM_CLIENTS
    )


def check_output(
    service: str, operation: OperationModel, output: Any, made_by_mock: MadeByMock
) -> None:
    """Raise :class:`OutputViolation` if ``output`` breaks the output shape of
    ``operation`` beyond the values seen from the service and the patterns that
    strings ``made_by_mock`` break."""
    shape = operation.output_shape
    if shape is None:
        return
    problems = [
        problem.message
        for problem in violations(shape, output, "", made_by_mock)
        if not _seen_from_the_service(service, operation.name, problem)
    ]
    if problems:
        raise OutputViolation(f"{service}:{operation.name} answered " + "; ".join(problems))
