"""CreateEvaluationJob's rules beyond what botocore checks: each refused with its code and
message, nothing created; and the values the service takes although its model forbids
them (the ``General`` task type)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from tests.evaluation_helpers import (
    CLAUDE,
    JUDGES,
    PRECOMPUTED,
    RAG,
    algorithmic_request,
    bedrock_model,
    changed,
    dataset_config,
    evaluates,
    held_knowledge_base,
    human_request,
    judge_request,
    rag_request,
    start,
)
from tests.factories import ARN_PREFIX, error_of, needs_member

needs_judges = pytest.mark.skipif(not JUDGES, reason="this botocore's model has no judge jobs")
needs_rag = pytest.mark.skipif(not RAG, reason="this botocore's model has no RAG evaluations")
needs_precomputed = pytest.mark.skipif(
    not PRECOMPUTED, reason="this botocore's model has no precomputed inference sources"
)


@pytest.fixture
def env() -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs() as mock:
        yield mock


@pytest.fixture
def bedrock(env: BedrockJobsMock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _refused(bedrock: Any, request: dict[str, Any]) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_evaluation_job(**request)
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []  # nothing was created
    return error_of(excinfo)


def _precomputed(request: dict[str, Any]) -> dict[str, Any]:
    source = {"precomputedInferenceSource": {"inferenceSourceIdentifier": "my-rag-app"}}
    return changed(request, "inferenceConfig.models", [source, bedrock_model()])


def _two_models(request: dict[str, Any]) -> dict[str, Any]:
    return changed(request, "inferenceConfig.models", [bedrock_model(), bedrock_model()])


def _metric(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(request: dict[str, Any]) -> dict[str, Any]:
        path = next(iter(request["evaluationConfig"])) + ".datasetMetricConfigs.0.metricNames"
        return changed(request, "evaluationConfig." + path, [name])

    return change


VALIDATION = "ValidationException"
CASES = [
    pytest.param(
        algorithmic_request,
        _two_models,
        "An automated evaluation job evaluates one model, not 2.",
        id="automated-two-models",
    ),
    pytest.param(
        algorithmic_request,
        lambda r: changed(
            r, "inferenceConfig.models.0.bedrockModel.modelIdentifier", "acme.model-v1:0"
        ),
        "The model acme.model-v1:0 cannot be evaluated: no such model.",
        id="unknown-model",
    ),
    pytest.param(
        algorithmic_request,
        lambda r: changed(
            r,
            "evaluationConfig.automated.datasetMetricConfigs.0.dataset",
            {"name": "Builtin.Nope"},
        ),
        "Builtin.Nope is not a built-in dataset.",
        id="unknown-builtin-dataset",
    ),
    pytest.param(
        algorithmic_request,
        lambda r: changed(
            r,
            "evaluationConfig.automated.datasetMetricConfigs.0",
            dataset_config(["Builtin.Toxicity"], task_type="Classification"),
        ),
        "The metric Builtin.Toxicity is not one this job can compute for taskType "
        "Classification: Builtin.Accuracy, Builtin.Robustness.",
        id="no-toxicity-for-classification",
    ),
    pytest.param(
        algorithmic_request,
        _metric("Builtin.Helpfulness"),
        "The metric Builtin.Helpfulness is not one this job can compute for taskType "
        "QuestionAndAnswer: Builtin.Accuracy, Builtin.Robustness, Builtin.Toxicity.",
        id="judge-metric-without-evaluator",
    ),
    pytest.param(
        human_request,
        _metric("Politeness"),
        "The metric Politeness of a human evaluation job must be one of its customMetrics.",
        id="human-metric-undefined",
    ),
]
JUDGE_CASES = [
    pytest.param(
        judge_request,
        _metric("Builtin.Accuracy"),
        "The metric Builtin.Accuracy is not one this job can compute for taskType General: "
        "Builtin.Coherence, Builtin.Completeness, Builtin.Correctness, Builtin.Faithfulness, "
        "Builtin.FollowingInstructions, Builtin.Harmfulness, Builtin.Helpfulness, "
        "Builtin.ProfessionalStyleAndTone, Builtin.Refusal, Builtin.Relevance, "
        "Builtin.Stereotyping.",
        id="algorithmic-metric-of-a-judge",
    ),
    pytest.param(
        judge_request,
        lambda r: changed(
            r,
            "evaluationConfig.automated.evaluatorModelConfig.bedrockEvaluatorModels.0",
            {"modelIdentifier": "acme.judge-v1"},
        ),
        "The evaluator model acme.judge-v1 is not a Bedrock model.",
        id="unknown-evaluator",
    ),
]
RAG_CASES = [
    pytest.param(
        rag_request,
        lambda r: changed(r, "applicationType", "ModelEvaluation"),
        "An evaluation job of applicationType ModelEvaluation needs models.",
        id="application-type-mismatch",
    ),
    pytest.param(
        algorithmic_request,
        lambda r: changed(r, "applicationType", "RagEvaluation"),
        "An evaluation job of applicationType RagEvaluation needs ragConfigs.",
        id="rag-application-type-without-rag",
    ),
    pytest.param(
        human_request,
        lambda r: changed(r, "inferenceConfig", rag_request()["inferenceConfig"]),
        "A knowledge base evaluation job must be automated.",
        id="human-rag",
    ),
    pytest.param(
        rag_request,
        lambda r: changed(
            r,
            "evaluationConfig.automated",
            {"datasetMetricConfigs": r["evaluationConfig"]["automated"]["datasetMetricConfigs"]},
        ),
        "A knowledge base evaluation job needs an evaluatorModelConfig.",
        id="rag-without-evaluator",
    ),
    pytest.param(
        rag_request,
        _metric("Builtin.Coherence"),
        "The metric Builtin.Coherence is not one this job can compute for taskType Custom: "
        "Builtin.Completeness, Builtin.Correctness, Builtin.Faithfulness, Builtin.Harmfulness, "
        "Builtin.Helpfulness, Builtin.LogicalCoherence, Builtin.Refusal, Builtin.Stereotyping.",
        id="rag-metric",
    ),
]
PRECOMPUTED_CASES = [
    pytest.param(
        human_request,
        _precomputed,
        "An evaluation job evaluates Bedrock models or precomputed inference sources, not both.",
        id="models-and-precomputed",
    ),
]


@pytest.mark.parametrize(
    ("make", "change", "message"),
    [
        *CASES,
        *[pytest.param(*case.values, id=case.id, marks=needs_judges) for case in JUDGE_CASES],
        *[pytest.param(*case.values, id=case.id, marks=needs_rag) for case in RAG_CASES],
        *[
            pytest.param(*case.values, id=case.id, marks=needs_precomputed)
            for case in PRECOMPUTED_CASES
        ],
    ],
)
def test_a_request_breaking_a_rule_is_refused(
    bedrock: Any,
    make: Callable[[], dict[str, Any]],
    change: Callable[[dict[str, Any]], dict[str, Any]],
    message: str,
) -> None:
    assert _refused(bedrock, change(make())) == (VALIDATION, message, 400)


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(kind, marks=pytest.mark.skipif(not evaluates(kind), reason="not in the model"))
        for kind in ("imported-model", "provisioned-model", "custom-model")
    ],
)
def test_a_model_the_caller_does_not_hold_is_not_found(bedrock: Any, kind: str) -> None:
    arn = f"{ARN_PREFIX}{kind}/abcdefghijkl"
    if kind == "custom-model":
        arn = f"{ARN_PREFIX}custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl"
    request = changed(algorithmic_request(), "inferenceConfig.models.0", bedrock_model(arn))
    code, message, status = _refused(bedrock, request)
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert arn in message


def test_a_model_of_another_region_is_refused(bedrock: Any) -> None:
    arn = "arn:aws:bedrock:us-west-2::foundation-model/" + CLAUDE
    request = changed(algorithmic_request(), "inferenceConfig.models.0", bedrock_model(arn))
    assert _refused(bedrock, request) == (
        VALIDATION,
        f"The model '{arn}' is in us-west-2, not in us-east-1 where this request was made.",
        400,
    )


def test_a_job_name_breaking_the_pattern_is_refused(bedrock: Any) -> None:
    code, message, status = _refused(bedrock, algorithmic_request("Eval_Job"))
    assert (code, status) == (VALIDATION, 400)
    assert message.startswith(
        "1 validation error detected: Value 'Eval_Job' at 'jobName' failed to satisfy"
    )


def test_a_task_type_outside_the_enum_is_refused_but_general(bedrock: Any) -> None:
    request = changed(
        algorithmic_request(), "evaluationConfig.automated.datasetMetricConfigs.0.taskType", "Chat"
    )
    code, message, _ = _refused(bedrock, request)
    assert code == VALIDATION
    assert "Value 'Chat' at 'evaluationConfig.automated.datasetMetricConfigs.1.member" in message
    general = changed(
        request, "evaluationConfig.automated.datasetMetricConfigs.0.taskType", "General"
    )
    arn = start(bedrock, general)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)  # strict outputs let it back out
    assert job["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]["taskType"] == "General"


@needs_member("CreateEvaluationJobRequest", "applicationType")
def test_application_type_and_job_type_are_derived(bedrock: Any) -> None:
    arn = start(bedrock, human_request())
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["jobType"], job["applicationType"]) == ("Human", "ModelEvaluation")


@needs_rag
def test_a_knowledge_base_evaluation_is_a_rag_evaluation(env: Any, bedrock: Any) -> None:
    knowledge_base = held_knowledge_base(env)
    arn = start(bedrock, rag_request(knowledge_base=knowledge_base))
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["jobType"], job["applicationType"]) == ("Automated", "RagEvaluation")
    (summary,) = bedrock.list_evaluation_jobs(applicationTypeEquals="RagEvaluation")["jobSummaries"]
    assert summary["ragIdentifiers"] == [knowledge_base]
    assert summary["inferenceConfigSummary"] == {
        "ragConfigSummary": {
            "bedrockKnowledgeBaseIdentifiers": [knowledge_base],
            "precomputedRagSourceIdentifiers": [],
        }
    }
