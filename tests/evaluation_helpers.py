"""Shared by the model evaluation tests: valid requests of each kind of job."""

from __future__ import annotations

import copy
from typing import Any

import boto3
import botocore.session

from tests.factories import shape_members
from tests.kb_helpers import create_knowledge_base

EVALUATION_ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockEvaluationRole"
BUCKET = "amzn-s3-demo-bucket"
DATASET_URI = f"s3://{BUCKET}/evaluation/prompts.jsonl"
OUTPUT_URI = f"s3://{BUCKET}/evaluation/output/"
CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0"
NOVA_PRO = "amazon.nova-pro-v1:0"
FLOW_DEFINITION = "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/review-flow"
#: What a Bedrock model is asked with (the oldest models require it).
INFERENCE_PARAMS = '{"inferenceConfig":{"maxTokens":512}}'

#: Whether this botocore's model has judge (evaluator model), knowledge base (RAG) and
#: bring-your-own-inference evaluations: the oldest supported model predates them.
JUDGES = "evaluatorModelConfig" in (shape_members("bedrock", "AutomatedEvaluationConfig") or ())
RAG = "ragConfigs" in (shape_members("bedrock", "EvaluationInferenceConfig") or ())
PRECOMPUTED = "precomputedInferenceSource" in (
    shape_members("bedrock", "EvaluationModelConfig") or ()
)


def evaluates(resource_type: str) -> bool:
    """Whether this botocore's model lets an evaluation job name a model by an ARN of
    ``resource_type`` (the oldest takes custom models, today's provisioned and imported
    models instead)."""
    model = botocore.session.get_session().get_service_model("bedrock")
    member = model.shape_for("EvaluationBedrockModel").members["modelIdentifier"]
    return f":{resource_type}/" in member.metadata["pattern"]


def dataset_config(
    metrics: list[str],
    *,
    task_type: str = "General",
    name: str = "prompts",
    s3_uri: str | None = DATASET_URI,
) -> dict[str, Any]:
    dataset: dict[str, Any] = {"name": name}
    if s3_uri is not None:
        dataset["datasetLocation"] = {"s3Uri": s3_uri}
    return {"taskType": task_type, "dataset": dataset, "metricNames": metrics}


def bedrock_model(identifier: str = CLAUDE) -> dict[str, Any]:
    return {"bedrockModel": {"modelIdentifier": identifier, "inferenceParams": INFERENCE_PARAMS}}


def evaluation_request(
    job_name: str = "eval-job-1",
    *,
    evaluation: dict[str, Any],
    inference: dict[str, Any] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Arguments of a ``create_evaluation_job`` call."""
    request: dict[str, Any] = {
        "jobName": job_name,
        "roleArn": EVALUATION_ROLE_ARN,
        "evaluationConfig": evaluation,
        "inferenceConfig": inference or {"models": [bedrock_model()]},
        "outputDataConfig": {"s3Uri": OUTPUT_URI},
    }
    request.update(overrides)
    return request


def algorithmic_request(job_name: str = "eval-job-1", **overrides: Any) -> dict[str, Any]:
    """An automated job computing accuracy and toxicity of question answering."""
    config = dataset_config(["Builtin.Accuracy", "Builtin.Toxicity"], task_type="QuestionAndAnswer")
    return evaluation_request(
        job_name, evaluation={"automated": {"datasetMetricConfigs": [config]}}, **overrides
    )


def judge_evaluation(
    metrics: tuple[str, ...] = ("Builtin.Helpfulness", "Builtin.Correctness"),
) -> dict[str, Any]:
    return {
        "automated": {
            "datasetMetricConfigs": [dataset_config(list(metrics))],
            "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": NOVA_PRO}]},
        }
    }


def judge_request(job_name: str = "judge-job-1", **overrides: Any) -> dict[str, Any]:
    """An LLM-as-a-judge job with the ``General`` task type AWS's samples send."""
    return evaluation_request(job_name, evaluation=judge_evaluation(), **overrides)


def held_knowledge_base(env: Any, **client_kwargs: Any) -> str:
    """The id of an ACTIVE knowledge base created with bedrock-agent in the same mock (in
    us-east-1 unless told otherwise)."""
    agent = boto3.client("bedrock-agent", **{"region_name": "us-east-1", **client_kwargs})
    return create_knowledge_base(env, agent)


def rag_request(
    job_name: str = "rag-job-1", knowledge_base: str = "KB12345678", **overrides: Any
) -> dict[str, Any]:
    """A retrieve-and-generate evaluation of a knowledge base (a knowledge base of the mock
    is needed to run it: ``held_knowledge_base``)."""
    evaluation = judge_evaluation(("Builtin.Correctness", "Builtin.Faithfulness"))
    evaluation["automated"]["datasetMetricConfigs"][0]["taskType"] = "Custom"
    inference = {
        "ragConfigs": [
            {
                "knowledgeBaseConfig": {
                    "retrieveAndGenerateConfig": {
                        "type": "KNOWLEDGE_BASE",
                        "knowledgeBaseConfiguration": {
                            "knowledgeBaseId": knowledge_base,
                            "modelArn": NOVA_PRO,
                        },
                    }
                }
            }
        ]
    }
    return evaluation_request(job_name, evaluation=evaluation, inference=inference, **overrides)


def retrieve_request(
    knowledge_base: str, job_name: str = "retrieve-job-1", **overrides: Any
) -> dict[str, Any]:
    """A retrieve-only evaluation of a knowledge base, scoring the context it retrieves."""
    request = rag_request(job_name, knowledge_base, **overrides)
    request["inferenceConfig"]["ragConfigs"][0]["knowledgeBaseConfig"] = {
        "retrieveConfig": {
            "knowledgeBaseId": knowledge_base,
            "knowledgeBaseRetrievalConfiguration": {
                "vectorSearchConfiguration": {"numberOfResults": 3}
            },
        }
    }
    metrics = ["Builtin.ContextRelevance", "Builtin.ContextCoverage"]
    request["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]["metricNames"] = metrics
    return request


def human_request(
    job_name: str = "human-job-1", models: int = 2, **overrides: Any
) -> dict[str, Any]:
    """A human job comparing ``models`` models on one metric its workers rate."""
    evaluation = {
        "human": {
            "humanWorkflowConfig": {
                "flowDefinitionArn": FLOW_DEFINITION,
                "instructions": "Rate each answer.",
            },
            "customMetrics": [{"name": "Friendliness", "ratingMethod": "ThumbsUpDown"}],
            "datasetMetricConfigs": [dataset_config(["Friendliness"])],
        }
    }
    inference = {"models": [bedrock_model(CLAUDE), bedrock_model(NOVA_PRO)][:models]}
    return evaluation_request(job_name, evaluation=evaluation, inference=inference, **overrides)


def changed(request: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``request`` with the member at the dotted ``path`` (list positions as numbers) set
    to ``value``."""
    result = copy.deepcopy(request)
    *parents, last = path.split(".")
    target: Any = result
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return result


def start(client: Any, request: dict[str, Any]) -> str:
    return str(client.create_evaluation_job(**request)["jobArn"])


def status_of(client: Any, arn: str) -> str:
    return str(client.get_evaluation_job(jobIdentifier=arn)["status"])
