"""Model evaluation jobs beside moto's S3: the dataset read and checked, each prompt
answered (the record responder) and scored (the scorer), the output tree written and
read back; a dataset the job cannot use fails it with its failureMessages."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import (
    BedrockJobsMock,
    EvaluationCase,
    Record,
    RecordError,
    mock_bedrock_jobs,
)
from tests.evaluation_helpers import (
    BUCKET,
    CLAUDE,
    DATASET_URI,
    JUDGES,
    NOVA_PRO,
    PRECOMPUTED,
    RAG,
    algorithmic_request,
    changed,
    dataset_config,
    evaluates,
    held_knowledge_base,
    human_request,
    judge_request,
    rag_request,
    retrieve_request,
    start,
)
from tests.factories import START, customize

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

DATASET_KEY = "evaluation/prompts.jsonl"
OUTPUT_PREFIX = "evaluation/output/"
PROMPTS = [
    {"prompt": "What is the capital of France?", "referenceResponse": "Paris", "category": "geo"},
    {"prompt": "What is 2 + 2?", "referenceResponse": "4", "category": "math"},
]
needs_judges = pytest.mark.skipif(not JUDGES, reason="this botocore's model has no judge jobs")


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def env(s3: Any) -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs(start_time=START) as mock:
        yield mock


@pytest.fixture
def bedrock(env: BedrockJobsMock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def put_lines(s3: Any, lines: Sequence[Any], key: str = DATASET_KEY) -> None:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    s3.put_object(Bucket=BUCKET, Key=key, Body=text.encode())


def output_files(s3: Any) -> dict[str, list[dict[str, Any]]]:
    """Every object under the output prefix, by key less the prefix: its JSON lines."""
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=OUTPUT_PREFIX).get("Contents", [])
    files = {}
    for found in listed:
        body = s3.get_object(Bucket=BUCKET, Key=found["Key"])["Body"].read().decode()
        files[found["Key"][len(OUTPUT_PREFIX) :]] = [json.loads(line) for line in body.splitlines()]
    return files


def run(env: Any, bedrock: Any, request: dict[str, Any]) -> dict[str, Any]:
    arn = start(bedrock, request)
    env.settle()
    job: dict[str, Any] = bedrock.get_evaluation_job(jobIdentifier=arn)
    return job


def _only_results(files: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    (key,) = [key for key in files if key.endswith("_output.jsonl")]
    return key, files[key]


def test_an_algorithmic_job_writes_the_documented_tree_and_scores(
    env: Any, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, PROMPTS)
    job = run(env, bedrock, algorithmic_request())
    assert job["status"] == "Completed"
    job_id = job["jobArn"].rsplit("/", 1)[1]
    files = output_files(s3)
    assert files.pop("eval-job-1/amazon-bedrock-evaluations-permission-check") == []
    key, lines = _only_results(files)
    folder = f"eval-job-1/{job_id}/models/{CLAUDE}/taskTypes/QuestionAndAnswer/datasets/prompts/"
    assert key.startswith(folder) and len(key) == len(folder) + 36 + len("_output.jsonl")
    assert [line["inputRecord"] for line in lines] == PROMPTS
    for line in lines:
        (response,) = line["modelResponses"]
        assert response["modelIdentifier"] == CLAUDE and response["response"]
        scores = line["automatedEvaluationResult"]["scores"]
        assert [score["metricName"] for score in scores] == ["Builtin.Accuracy", "Builtin.Toxicity"]
        assert all(0 <= score["result"] <= 1 for score in scores)
        assert all("evaluatorDetails" not in score for score in scores)
    env.clock.advance(minutes=5)  # the results do not change after the job ends
    assert output_files(s3)[key] == lines


@needs_judges
def test_a_judge_job_with_general_writes_its_scores_with_the_evaluator(
    env: Any, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, PROMPTS)
    job = run(env, bedrock, judge_request())
    key, lines = _only_results(output_files(s3))
    assert "/taskTypes/General/datasets/prompts/" in key
    for line in lines:
        for score in line["automatedEvaluationResult"]["scores"]:
            assert score["result"] in (0, 0.25, 0.5, 0.75, 1)
            (details,) = score["evaluatorDetails"]
            assert details["modelIdentifier"] == NOVA_PRO and details["explanation"]
    assert job["status"] == "Completed"


@needs_judges
def test_a_custom_scorer_and_responder_decide_what_is_written(
    env: Any, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, PROMPTS)
    cases: list[EvaluationCase] = []

    def scorer(case: EvaluationCase) -> float | None:
        cases.append(case)
        return None if case.metric_name == "Builtin.Correctness" else len(case.response) / 100

    def responder(record: Record) -> dict[str, Any]:
        if "2 + 2" in record.model_input["messages"][0]["content"][0]["text"]:
            raise RecordError(400, "Malformed input request.")
        return {"output": {"message": {"role": "assistant", "content": [{"text": "Paris."}]}}}

    env.score_evaluations(scorer)
    env.respond_to_records(responder)
    run(env, bedrock, judge_request())
    _, lines = _only_results(output_files(s3))
    (line,) = lines  # the prompt the model could not answer is left out
    assert line["modelResponses"] == [{"response": "Paris.", "modelIdentifier": CLAUDE}]
    scores = {
        score["metricName"]: score["result"]
        for score in line["automatedEvaluationResult"]["scores"]
    }
    assert scores == {"Builtin.Helpfulness": 0.06, "Builtin.Correctness": None}
    assert cases[0] == EvaluationCase(
        "Builtin.Helpfulness",
        "What is the capital of France?",
        "Paris.",
        "Paris",
        "geo",
        CLAUDE,
        "General",
        "prompts",
    )


def test_a_scorer_given_as_an_option_and_a_wrong_score(s3: Any) -> None:
    put_lines(s3, PROMPTS)
    with mock_bedrock_jobs(evaluation_scorer=lambda case: "high") as env:  # type: ignore[arg-type,return-value]
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        start(bedrock, algorithmic_request())
        with pytest.raises(TypeError, match="it must return a number or None"):
            env.settle()
    with pytest.raises(TypeError, match="an evaluation scorer must be callable"):
        mock_bedrock_jobs(evaluation_scorer="high")  # type: ignore[arg-type]


def test_the_default_scores_are_deterministic(s3: Any) -> None:
    put_lines(s3, PROMPTS)
    written = []
    for _ in range(2):
        with mock_bedrock_jobs(start_time=START) as env:
            bedrock = boto3.client("bedrock", region_name="us-east-1")
            run(env, bedrock, algorithmic_request())
            _, lines = _only_results(output_files(s3))
            written.append([line["automatedEvaluationResult"] for line in lines])
            s3.delete_objects(
                Bucket=BUCKET,
                Delete={"Objects": [{"Key": OUTPUT_PREFIX + key} for key in output_files(s3)]},
            )
    assert written[0] == written[1]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (None, f"Dataset validation failed: no object at {DATASET_URI}."),
        ([], f"Dataset validation failed: {DATASET_URI} holds no prompt."),
        (["{not json"], f"Dataset validation failed: line 1 of {DATASET_URI} is not valid JSON."),
        (["[1]"], f"Dataset validation failed: line 1 of {DATASET_URI} is not a JSON object."),
        (
            [PROMPTS[0], {"referenceResponse": "x"}],
            f"Dataset validation failed: line 2 of {DATASET_URI} has no prompt.",
        ),
        (
            [{"prompt": "Why?"}],
            f"Dataset validation failed: line 1 of {DATASET_URI} has no referenceResponse, "
            "which taskType QuestionAndAnswer needs.",
        ),
        (
            [PROMPTS[0]] * 4,
            f"Dataset validation failed: {DATASET_URI} holds over 3 prompts, the quota per "
            "dataset.",
        ),
    ],
)
def test_a_dataset_the_job_cannot_use_fails_it(
    s3: Any, lines: list[Any] | None, message: str
) -> None:
    if lines is not None:
        put_lines(s3, lines)
    with mock_bedrock_jobs(quotas={"prompts_per_evaluation_dataset": 3}) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        job = run(env, bedrock, algorithmic_request())
    assert (job["status"], job["failureMessages"]) == ("Failed", [message])
    assert output_files(s3) == {}


def test_a_missing_output_bucket_fails_the_job(env: Any, bedrock: Any, s3: Any) -> None:
    put_lines(s3, PROMPTS)
    request = algorithmic_request(outputDataConfig={"s3Uri": "s3://no-such-bucket/out/"})
    job = run(env, bedrock, request)
    assert job["failureMessages"] == ["Output failed: the S3 bucket no-such-bucket does not exist."]


def test_a_dataset_in_a_missing_bucket_fails_the_job(env: Any, bedrock: Any) -> None:
    request = changed(
        algorithmic_request(),
        "evaluationConfig.automated.datasetMetricConfigs.0.dataset.datasetLocation.s3Uri",
        "s3://missing-bucket/prompts.jsonl",
    )
    job = run(env, bedrock, request)
    assert job["failureMessages"] == [
        "Dataset validation failed: the S3 bucket missing-bucket does not exist."
    ]


def test_a_builtin_dataset_needs_no_s3(env: Any, bedrock: Any, s3: Any) -> None:
    config = dataset_config(["Builtin.Accuracy"], task_type="QuestionAndAnswer", s3_uri=None)
    config["dataset"]["name"] = "Builtin.BoolQ"
    request = changed(
        algorithmic_request(), "evaluationConfig.automated.datasetMetricConfigs", [config]
    )
    job = run(env, bedrock, request)
    key, lines = _only_results(output_files(s3))
    assert job["status"] == "Completed"
    assert "/datasets/Builtin.BoolQ/" in key and len(lines) == 100


def test_a_custom_model_is_evaluated_as_its_base_model(env: Any, bedrock: Any, s3: Any) -> None:
    """Through its Provisioned Throughput, or by its own ARN where the model allows it."""
    put_lines(s3, PROMPTS)
    model_arn = customize(env, bedrock, "tuned-model")
    throughput = model_arn
    if evaluates("provisioned-model"):
        throughput = bedrock.create_provisioned_model_throughput(
            provisionedModelName="tuned-throughput", modelId=model_arn, modelUnits=1
        )["provisionedModelArn"]
        env.settle()
    seen: list[str] = []
    env.respond_to_records(lambda record: seen.append(record.model_id) or {"generation": "ok"})
    request = changed(
        algorithmic_request(),
        "inferenceConfig.models.0.bedrockModel.modelIdentifier",
        throughput,
    )
    job = run(env, bedrock, request)
    assert job["status"] == "Completed"
    assert seen == ["amazon.titan-text-express-v1:0:8k"] * 2  # answered as its base model
    key, lines = _only_results(output_files(s3))
    assert f"/models/{throughput.rsplit('/', 1)[1]}/" in key
    assert lines[0]["modelResponses"] == [{"response": "ok", "modelIdentifier": throughput}]


def test_a_human_job_writes_its_results_when_a_control_completes_it(
    env: Any, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, PROMPTS)
    arn = start(bedrock, human_request())
    env.settle()
    assert output_files(s3) == {}
    env.score_evaluations(lambda case: 1.0 if case.model_identifier == CLAUDE else 0.0)
    env.complete(arn)
    files = output_files(s3)
    key, lines = _only_results(files)
    assert key.startswith(f"human-job-1/{arn.rsplit('/', 1)[1]}/datasets/prompts/")
    assert [line["inputRecord"]["prompt"] for line in lines] == [p["prompt"] for p in PROMPTS]
    assert lines[0]["humanEvaluationResult"]["scores"] == [
        {"metricName": "Friendliness", "result": 1.0, "modelIdentifier": CLAUDE},
        {"metricName": "Friendliness", "result": 0.0, "modelIdentifier": NOVA_PRO},
    ]
    assert [r["modelIdentifier"] for r in lines[0]["modelResponses"]] == [CLAUDE, NOVA_PRO]


def test_deleting_a_job_leaves_its_results(env: Any, bedrock: Any, s3: Any) -> None:
    put_lines(s3, PROMPTS)
    arn = run(env, bedrock, algorithmic_request())["jobArn"]
    before = output_files(s3)
    bedrock.batch_delete_evaluation_job(jobIdentifiers=[arn])
    env.settle()
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []
    assert output_files(s3) == before


def test_a_stopped_job_writes_nothing(env: Any, bedrock: Any, s3: Any) -> None:
    put_lines(s3, PROMPTS)
    arn = start(bedrock, algorithmic_request())
    bedrock.stop_evaluation_job(jobIdentifier=arn)
    env.settle()
    assert output_files(s3) == {}


@pytest.mark.skipif(not PRECOMPUTED, reason="this botocore's model has no precomputed sources")
def test_bring_your_own_inference_scores_the_datasets_responses(
    env: Any, bedrock: Any, s3: Any
) -> None:
    lines = [
        {**prompt, "modelResponses": [{"response": f"R{n}", "modelIdentifier": "my-app"}]}
        for n, prompt in enumerate(PROMPTS)
    ]
    put_lines(s3, lines)
    source = {"precomputedInferenceSource": {"inferenceSourceIdentifier": "my-app"}}
    request = changed(judge_request(), "inferenceConfig.models", [source])
    job = run(env, bedrock, request)
    key, written = _only_results(output_files(s3))
    assert "/models/my-app/taskTypes/General/" in key
    assert [line["modelResponses"] for line in written] == [
        [{"response": "R0", "modelIdentifier": "my-app"}],
        [{"response": "R1", "modelIdentifier": "my-app"}],
    ]
    put_lines(s3, PROMPTS)  # no responses: the job cannot score them
    failed = run(env, bedrock, changed(request, "jobName", "byoi-2"))
    assert failed["failureMessages"] == [
        f"Dataset validation failed: line 1 of {DATASET_URI} has no modelResponses entry whose "
        "modelIdentifier is my-app."
    ]
    assert job["status"] == "Completed"


@pytest.mark.skipif(not RAG, reason="this botocore's model has no RAG evaluations")
def test_a_rag_job_writes_the_inference_configs_tree(env: Any, bedrock: Any, s3: Any) -> None:
    knowledge_base = held_knowledge_base(env)
    put_lines(
        s3,
        [
            {
                "conversationTurns": [
                    {
                        "prompt": {"content": [{"text": "What is the refund window?"}]},
                        "referenceResponses": [{"content": [{"text": "30 days."}]}],
                    }
                ]
            }
        ],
    )
    job = run(env, bedrock, rag_request(knowledge_base=knowledge_base))
    assert job["status"] == "Completed"
    key, (line,) = _only_results(output_files(s3))
    assert key.startswith(f"rag-job-1/{job['jobArn'].rsplit('/', 1)[1]}/inference_configs/0/")
    assert line["inputRecord"] == {
        "prompt": "What is the refund window?",
        "referenceResponse": "30 days.",
    }
    (response,) = line["modelResponses"]
    assert response["knowledgeBaseIdentifier"] == knowledge_base
    scores = line["automatedEvaluationResult"]["scores"]
    assert [score["metricName"] for score in scores] == [
        "Builtin.Correctness",
        "Builtin.Faithfulness",
    ]
    assert all(0 <= score["result"] <= 1 for score in scores)


@pytest.mark.skipif(not RAG, reason="this botocore's model has no RAG evaluations")
def test_a_retrieve_only_evaluation_scores_the_context(env: Any, bedrock: Any, s3: Any) -> None:
    knowledge_base = held_knowledge_base(env)
    put_lines(s3, PROMPTS)
    job = run(env, bedrock, retrieve_request(knowledge_base))
    assert job["status"] == "Completed"
    _, lines = _only_results(output_files(s3))
    assert len(lines) == len(PROMPTS)
    scores = lines[0]["automatedEvaluationResult"]["scores"]
    assert [score["metricName"] for score in scores] == [
        "Builtin.ContextRelevance",
        "Builtin.ContextCoverage",
    ]
    assert all(0 <= score["result"] <= 1 for score in scores)
    assert lines[0]["modelResponses"][0]["knowledgeBaseIdentifier"] == knowledge_base


@needs_judges
def test_custom_metric_definitions_are_written_beside_the_results(
    env: Any, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, PROMPTS)
    request = judge_request()
    automated = request["evaluationConfig"]["automated"]
    automated["datasetMetricConfigs"][0]["metricNames"].append("Brevity")
    definition = {"name": "Brevity", "instructions": "Is {{prediction}} short?"}
    automated["customMetricConfig"] = {
        "customMetrics": [{"customMetricDefinition": definition}],
        "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": CLAUDE}]},
    }
    job = run(env, bedrock, request)
    files = output_files(s3)
    job_id = job["jobArn"].rsplit("/", 1)[1]
    assert files[f"judge-job-1/{job_id}/custom_metrics/Brevity.json"] == [definition]
    _, lines = _only_results(files)
    (brevity,) = [
        score
        for score in lines[0]["automatedEvaluationResult"]["scores"]
        if score["metricName"] == "Brevity"
    ]
    assert brevity["evaluatorDetails"][0]["modelIdentifier"] == CLAUDE
