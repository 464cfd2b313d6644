"""Batch inference beside moto's S3: a job reads its JSON Lines input, answers each record
(the default responder, or the test's), writes ``<output>/<jobId>/<file>.out`` and
``manifest.json.out``, and reports the same counts; bad input fails it while it
validates; partial runs leave partial output; each status change reaches EventBridge."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import BedrockJobsMock, Record, RecordError, mock_bedrock_jobs
from tests.batch_helpers import batch_job_request
from tests.factories import START, needs_member, needs_operation

#: Where this botocore's model has a batch job's record counts (the oldest supported
#: models predate them, and its invocation type): the records still flow there, unseen.
pytestmark = [
    needs_operation("CreateModelInvocationJob"),
    needs_member("GetModelInvocationJobResponse", "totalRecordCount"),
]

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

BUCKET = "amzn-s3-demo-bucket"
INPUT_KEY = "batch/input.jsonl"
OUTPUT_PREFIX = "batch/output/"
CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0"
#: Small jobs: most tests need a handful of records, not the service's minimum of 100.
FEW = {"min_records_per_model_invocation_job": 1}


def claude_input(text: str) -> dict[str, Any]:
    return {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": text}],
    }


def claude_records(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"recordId": f"REC{number:08d}", "modelInput": claude_input(f"Question {number}?")}
        for number in range(start, start + count)
    ]


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield


@pytest.fixture
def s3(aws: None) -> Any:
    return boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def env(aws: None) -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs(start_time=START, quotas=FEW) as mock:
        yield mock


@pytest.fixture
def bedrock(env: BedrockJobsMock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def put_lines(s3: Any, key: str, lines: Sequence[Any]) -> None:
    """An input file: one JSON value a line (strings as they are)."""
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    s3.put_object(Bucket=BUCKET, Key=key, Body=text.encode())


def start_job(bedrock: Any, model_id: str = CLAUDE, **overrides: Any) -> tuple[str, str]:
    """Create a job; its ARN and id."""
    arn = bedrock.create_model_invocation_job(**batch_job_request(model_id=model_id, **overrides))[
        "jobArn"
    ]
    return arn, arn.rsplit("/", 1)[1]


def finished(env: BedrockJobsMock, bedrock: Any, arn: str) -> dict[str, Any]:
    env.settle()
    job: dict[str, Any] = bedrock.get_model_invocation_job(jobIdentifier=arn)
    return job


def read_output(s3: Any, key: str) -> list[dict[str, Any]]:
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    return [json.loads(line) for line in body.splitlines()]


def manifest_of(s3: Any, job_id: str, prefix: str = OUTPUT_PREFIX) -> dict[str, Any]:
    body = s3.get_object(Bucket=BUCKET, Key=f"{prefix}{job_id}/manifest.json.out")["Body"]
    manifest: dict[str, Any] = json.loads(body.read())
    return manifest


def keys_under(s3: Any, prefix: str) -> list[str]:
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def counts_of(job: Mapping[str, Any]) -> dict[str, Any]:
    names = ("totalRecordCount", "processedRecordCount", "successRecordCount", "errorRecordCount")
    return {name: job[name] for name in names if name in job}


def manifest_counts(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest's record counts (GetModelInvocationJob's names: the same)."""
    return {name: value for name, value in manifest.items() if name.endswith("RecordCount")}


def token_sums(lines: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    usages = [line["modelOutput"]["usage"] for line in lines if "modelOutput" in line]
    return sum(u["input_tokens"] for u in usages), sum(u["output_tokens"] for u in usages)


# -- a file, a folder -----------------------------------------------------------------------


def test_a_file_gives_one_output_line_per_record_in_order_a_manifest_and_the_same_counts(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    records = claude_records(5)
    put_lines(s3, INPUT_KEY, records)
    arn, job_id = start_job(bedrock)

    job = finished(env, bedrock, arn)

    assert job["status"] == "Completed"
    assert keys_under(s3, OUTPUT_PREFIX) == [
        f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out",
        f"{OUTPUT_PREFIX}{job_id}/manifest.json.out",
    ]
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert [(line["recordId"], line["modelInput"]) for line in lines] == [
        (record["recordId"], record["modelInput"]) for record in records
    ]
    assert [list(line) for line in lines] == [["recordId", "modelInput", "modelOutput"]] * 5
    output = lines[0]["modelOutput"]
    assert output["content"] == [{"type": "text", "text": "Answer to record REC00000000."}]
    assert (output["type"], output["role"], output["stop_reason"]) == (
        "message",
        "assistant",
        "end_turn",
    )
    assert output["model"] == "claude-3-haiku-20240307"
    manifest = manifest_of(s3, job_id)
    assert list(manifest) == [
        "totalRecordCount",
        "processedRecordCount",
        "successRecordCount",
        "errorRecordCount",
        "inputTokenCount",
        "outputTokenCount",
    ]
    assert (
        manifest_counts(manifest)
        == counts_of(job)
        == {
            "totalRecordCount": 5,
            "processedRecordCount": 5,
            "successRecordCount": 5,
            "errorRecordCount": 0,
        }
    )
    assert (manifest["inputTokenCount"], manifest["outputTokenCount"]) == token_sums(lines)
    assert manifest["inputTokenCount"] > 0 and manifest["outputTokenCount"] > 0
    summary = bedrock.list_model_invocation_jobs()["invocationJobSummaries"][0]
    assert counts_of(summary) == counts_of(job)


def test_a_folder_gives_an_output_file_for_each_jsonl_object_directly_in_it(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, "batch/in/a.jsonl", claude_records(2))
    put_lines(s3, "batch/in/b.jsonl", claude_records(3, start=2))
    s3.put_object(Bucket=BUCKET, Key="batch/in/notes.txt", Body=b"not records")
    s3.put_object(Bucket=BUCKET, Key="batch/in/images/cat.png", Body=b"\x89PNG")
    put_lines(s3, "batch/in/older/c.jsonl", claude_records(4))
    input_config = {"s3InputDataConfig": {"s3Uri": f"s3://{BUCKET}/batch/in"}}
    arn, job_id = start_job(bedrock, inputDataConfig=input_config)

    job = finished(env, bedrock, arn)

    assert job["status"] == "Completed"
    folder = f"{OUTPUT_PREFIX}{job_id}/"
    assert keys_under(s3, folder) == [
        folder + "a.jsonl.out",
        folder + "b.jsonl.out",
        folder + "manifest.json.out",
    ]
    assert [line["recordId"] for line in read_output(s3, folder + "b.jsonl.out")] == [
        "REC00000002",
        "REC00000003",
        "REC00000004",
    ]
    assert counts_of(job)["totalRecordCount"] == manifest_of(s3, job_id)["totalRecordCount"] == 5


def test_crlf_lines_and_lines_across_read_chunks_are_whole_records(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    # 300 records of about 5 KB: 1.5 MB, more than one 1 MiB chunk of the object's stream.
    records = [
        {"recordId": f"LONG{n:07d}", "modelInput": claude_input(f"{n} " + "x" * 5000)}
        for n in range(300)
    ]
    body = "\r\n".join(json.dumps(record) for record in records) + "\r\n"
    assert len(body) > 2**20
    s3.put_object(Bucket=BUCKET, Key=INPUT_KEY, Body=body.encode())
    arn, job_id = start_job(bedrock)

    job = finished(env, bedrock, arn)

    assert (job["status"], job["successRecordCount"]) == ("Completed", 300)
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert [line["modelInput"] for line in lines] == [record["modelInput"] for record in records]


def test_an_output_uri_without_a_trailing_slash_still_gets_a_job_folder(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    put_lines(s3, INPUT_KEY, claude_records(1))
    output_config = {"s3OutputDataConfig": {"s3Uri": f"s3://{BUCKET}/results"}}
    arn, job_id = start_job(bedrock, outputDataConfig=output_config)

    finished(env, bedrock, arn)

    assert keys_under(s3, "results/") == [
        f"results/{job_id}/input.jsonl.out",
        f"results/{job_id}/manifest.json.out",
    ]


# -- record errors and ids --------------------------------------------------------------------


def test_records_their_model_would_refuse_get_400_error_lines_and_the_job_completes(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    good = claude_records(1)[0]
    no_version = {"recordId": "NOVERSION01", "modelInput": {"max_tokens": 10, "messages": []}}
    bare = {"recordId": "NOTHING0001", "modelInput": {"messages": []}}
    put_lines(s3, INPUT_KEY, [good, no_version, bare])
    arn, job_id = start_job(bedrock)

    job = finished(env, bedrock, arn)

    assert job["status"] == "Completed"
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert "modelOutput" in lines[0]
    assert lines[1] == {
        "recordId": "NOVERSION01",
        "modelInput": no_version["modelInput"],
        "error": {
            "errorCode": 400,
            "errorMessage": "Malformed input request: #: required key [anthropic_version] "
            "not found, please reformat your input and try again.",
        },
    }
    assert lines[2]["error"] == {
        "errorCode": 400,
        "errorMessage": "Malformed input request: #: required key [max_tokens] not found"
        "#: required key [anthropic_version] not found, please reformat your input and try "
        "again.",
    }
    manifest = manifest_of(s3, job_id)
    assert (
        counts_of(job)
        == manifest_counts(manifest)
        == {
            "totalRecordCount": 3,
            "processedRecordCount": 3,
            "successRecordCount": 1,
            "errorRecordCount": 2,
        }
    )
    assert (manifest["inputTokenCount"], manifest["outputTokenCount"]) == token_sums(lines)


def test_records_without_an_id_get_distinct_11_character_ids_their_answers_name(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    put_lines(s3, INPUT_KEY, [{"modelInput": claude_input(f"Q{n}")} for n in range(3)])
    arn, job_id = start_job(bedrock)

    finished(env, bedrock, arn)

    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    ids = [line["recordId"] for line in lines]
    assert all(re.fullmatch(r"[0-9A-Z]{11}", record_id) for record_id in ids)
    assert len(set(ids)) == 3
    assert [line["modelOutput"]["content"][0]["text"] for line in lines] == [
        f"Answer to record {record_id}." for record_id in ids
    ]


# -- the test's responder ------------------------------------------------------------------


def test_a_responder_set_on_the_mock_answers_every_record(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    seen: list[Record] = []

    def responder(record: Record) -> Mapping[str, Any]:
        seen.append(record)
        return {"content": [{"text": "yes"}], "usage": {"input_tokens": 7, "output_tokens": 2}}

    env.respond_to_records(responder)
    records = claude_records(2)
    put_lines(s3, INPUT_KEY, records)
    arn, job_id = start_job(bedrock, modelInvocationType="InvokeModel")

    finished(env, bedrock, arn)

    assert seen == [
        Record(CLAUDE, "InvokeModel", records[0]["modelInput"], "REC00000000"),
        Record(CLAUDE, "InvokeModel", records[1]["modelInput"], "REC00000001"),
    ]
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert lines[1]["modelOutput"] == {
        "content": [{"text": "yes"}],
        "usage": {"input_tokens": 7, "output_tokens": 2},
    }
    manifest = manifest_of(s3, job_id)
    assert (manifest["inputTokenCount"], manifest["outputTokenCount"]) == (14, 4)


def test_the_record_responder_option_answers_and_none_brings_the_default_back(
    aws: None, s3: Any
) -> None:
    def responder(record: Record) -> Mapping[str, Any]:
        return {"answer": record.record_id}

    put_lines(s3, INPUT_KEY, claude_records(1))
    with mock_bedrock_jobs(start_time=START, quotas=FEW, record_responder=responder) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn, job_id = start_job(bedrock)
        finished(env, bedrock, arn)
        line = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")[0]
        assert line["modelOutput"] == {"answer": "REC00000000"}

        env.respond_to_records(None)
        arn, job_id = start_job(bedrock, jobName="batch-job-2")
        finished(env, bedrock, arn)
        line = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")[0]
        assert line["modelOutput"]["type"] == "message"


def test_a_record_error_the_responder_raises_becomes_that_records_error_line(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    def responder(record: Record) -> Mapping[str, Any]:
        if record.record_id.endswith("1"):
            raise RecordError(429, "Too many tokens, please wait before trying again.")
        return {"ok": True}

    env.respond_to_records(responder)
    put_lines(s3, INPUT_KEY, claude_records(3))
    arn, job_id = start_job(bedrock)

    job = finished(env, bedrock, arn)

    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert [("error" in line, "modelOutput" in line) for line in lines] == [
        (False, True),
        (True, False),
        (False, True),
    ]
    assert lines[1]["error"] == {
        "errorCode": 429,
        "errorMessage": "Too many tokens, please wait before trying again.",
    }
    assert (job["status"], job["successRecordCount"], job["errorRecordCount"]) == (
        "Completed",
        2,
        1,
    )


def test_any_other_exception_of_the_responder_reaches_the_test(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    def responder(record: Record) -> Mapping[str, Any]:
        raise KeyError("the test's own bug")

    env.respond_to_records(responder)
    put_lines(s3, INPUT_KEY, claude_records(1))
    start_job(bedrock)

    with pytest.raises(KeyError, match="the test's own bug"):
        env.clock.advance(minutes=20)  # the records are answered as the clock passes the end


def test_a_responder_that_answers_no_mapping_is_refused_loudly(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    env.respond_to_records(lambda record: "just text")  # type: ignore[arg-type,return-value]
    put_lines(s3, INPUT_KEY, claude_records(1))
    start_job(bedrock)

    with pytest.raises(TypeError, match="must return the modelOutput, a mapping"):
        env.settle()


def test_a_responder_must_be_callable(env: BedrockJobsMock) -> None:
    with pytest.raises(TypeError, match="a record responder must be callable, got 42"):
        env.respond_to_records(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a record responder must be callable"):
        mock_bedrock_jobs(record_responder="no")  # type: ignore[arg-type]


def test_a_record_errors_code_is_an_http_status() -> None:
    assert (RecordError(503, "busy").code, RecordError(503, "busy").message) == (503, "busy")
    with pytest.raises(TypeError, match="a record error's code is an HTTP status"):
        RecordError("429", "Too many requests")  # type: ignore[arg-type]


# -- the default answers, family by family ----------------------------------------------------

_FAMILY_CASES = [
    pytest.param(
        "us.amazon.nova-pro-v1:0",
        "InvokeModel",
        {"messages": [{"role": "user", "content": [{"text": "Hello"}]}]},
        lambda out: out["output"]["message"]["content"][0]["text"],
        lambda out: (out["usage"]["inputTokens"], out["usage"]["outputTokens"]),
        id="nova",
    ),
    pytest.param(
        "amazon.titan-text-express-v1",
        "InvokeModel",
        {"inputText": "Roses are red, violets are"},
        lambda out: out["results"][0]["outputText"],
        lambda out: (out["inputTextTokenCount"], out["results"][0]["tokenCount"]),
        id="titan-text",
    ),
    pytest.param(
        "us.meta.llama3-1-8b-instruct-v1:0",
        "InvokeModel",
        {"prompt": "Hello", "max_gen_len": 32},
        lambda out: out["generation"],
        lambda out: (out["prompt_token_count"], out["generation_token_count"]),
        id="llama",
    ),
    pytest.param(
        CLAUDE,
        "Converse",
        {"messages": [{"role": "user", "content": [{"text": "Hello"}]}]},
        lambda out: out["output"]["message"]["content"][0]["text"],
        lambda out: (out["usage"]["inputTokens"], out["usage"]["outputTokens"]),
        id="claude-converse",
    ),
]


@pytest.mark.parametrize(
    ("model_id", "invocation_type", "model_input", "text", "usage"), _FAMILY_CASES
)
def test_the_default_answer_has_its_family_shape_and_its_tokens_make_the_manifest(
    bedrock: Any,
    s3: Any,
    env: BedrockJobsMock,
    model_id: str,
    invocation_type: str,
    model_input: dict[str, Any],
    text: Any,
    usage: Any,
) -> None:
    put_lines(s3, INPUT_KEY, [{"recordId": f"R{n}", "modelInput": model_input} for n in range(3)])
    arn, job_id = start_job(bedrock, model_id=model_id, modelInvocationType=invocation_type)

    job = finished(env, bedrock, arn)

    assert job["status"] == "Completed"
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    outputs = [line["modelOutput"] for line in lines]
    assert [text(output) for output in outputs] == [f"Answer to record R{n}." for n in range(3)]
    manifest = manifest_of(s3, job_id)
    tokens = [usage(output) for output in outputs]
    assert (manifest["inputTokenCount"], manifest["outputTokenCount"]) == (
        sum(t[0] for t in tokens),
        sum(t[1] for t in tokens),
    )
    assert all(t[0] > 0 and t[1] > 0 for t in tokens)


def test_titan_embeddings_answer_a_vector_of_the_dimensions_asked(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    put_lines(
        s3, INPUT_KEY, [{"recordId": "E1", "modelInput": {"inputText": "hi", "dimensions": 256}}]
    )
    arn, job_id = start_job(bedrock, model_id="amazon.titan-embed-text-v2:0")

    finished(env, bedrock, arn)

    output = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")[0]["modelOutput"]
    assert len(output["embedding"]) == 256
    assert output["embeddingsByType"] == {"float": output["embedding"]}
    assert output["inputTextTokenCount"] == manifest_of(s3, job_id)["inputTokenCount"] == 1
    assert manifest_of(s3, job_id)["outputTokenCount"] == 0


def test_mistral_answers_its_text_completion_and_chat_shapes(aws: None, s3: Any) -> None:
    put_lines(
        s3,
        INPUT_KEY,
        [
            {"recordId": "TEXT", "modelInput": {"prompt": "<s>[INST] Hi [/INST]"}},
            {"recordId": "CHAT", "modelInput": {"messages": [{"role": "user", "content": "Hi"}]}},
        ],
    )
    with mock_bedrock_jobs(start_time=START, quotas=FEW) as env:
        bedrock = boto3.client("bedrock", region_name="us-west-2")
        arn, job_id = start_job(bedrock, model_id="mistral.mistral-large-2407-v1:0")
        finished(env, bedrock, arn)

    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert lines[0]["modelOutput"] == {
        "outputs": [{"text": "Answer to record TEXT.", "stop_reason": "stop"}]
    }
    assert lines[1]["modelOutput"] == {
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Answer to record CHAT."},
                "stop_reason": "stop",
            }
        ]
    }


@pytest.mark.parametrize(
    ("model_id", "model_input", "message"),
    [
        (
            "amazon.titan-embed-text-v2:0",
            {"messages": [{"role": "user", "content": [{"text": "Hi"}]}]},
            "This action doesn't support the model that you provided. "
            "Try again with a supported text or chat model.",
        ),
        (
            CLAUDE,
            {"system": [{"text": "Be brief."}]},
            "1 validation error detected: Value null at 'messages' failed to satisfy "
            "constraint: Member must not be null",
        ),
        (
            CLAUDE,
            {"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "toolConfig": {}},
            "Batch inference doesn't support tool use: remove toolConfig.",
        ),
    ],
    ids=["embedding-model", "no-messages", "tool-config"],
)
def test_converse_records_the_runtime_refuses_get_400_error_lines(
    bedrock: Any, s3: Any, env: BedrockJobsMock, model_id: str, model_input: Any, message: str
) -> None:
    put_lines(s3, INPUT_KEY, [{"recordId": "C1", "modelInput": model_input}])
    arn, job_id = start_job(bedrock, model_id=model_id, modelInvocationType="Converse")

    job = finished(env, bedrock, arn)

    line = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")[0]
    assert line["error"] == {"errorCode": 400, "errorMessage": message}
    assert (job["status"], job["errorRecordCount"]) == ("Completed", 1)


# -- validation failures ----------------------------------------------------------------------


def _failure(env: BedrockJobsMock, bedrock: Any, s3: Any, **overrides: Any) -> dict[str, Any]:
    arn, job_id = start_job(bedrock, **overrides)
    job = finished(env, bedrock, arn)
    assert keys_under(s3, f"{OUTPUT_PREFIX}{job_id}/") == []  # nothing written
    return job


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["{not json"],
            "Input validation failed: line 1 of s3://amzn-s3-demo-bucket/batch/input.jsonl "
            "is not valid JSON.",
        ),
        (
            [claude_records(1)[0], "", "[1, 2]"],
            "Input validation failed: line 3 of s3://amzn-s3-demo-bucket/batch/input.jsonl "
            "is not a JSON object.",
        ),
        (
            [{"recordId": "A", "input": {}}],
            "Input validation failed: line 1 of s3://amzn-s3-demo-bucket/batch/input.jsonl "
            "has no modelInput object.",
        ),
        (
            [{"recordId": 7, "modelInput": {}}],
            "Input validation failed: line 1 of s3://amzn-s3-demo-bucket/batch/input.jsonl "
            "has a recordId that is not a string.",
        ),
    ],
    ids=["not-json", "not-an-object", "no-model-input", "record-id-not-a-string"],
)
def test_a_line_that_is_no_record_fails_the_job_while_it_validates(
    bedrock: Any, s3: Any, env: BedrockJobsMock, lines: list[Any], message: str
) -> None:
    put_lines(s3, INPUT_KEY, lines)
    arn, _ = start_job(bedrock)
    env.clock.advance(minutes=5)  # the end of Validating

    job = bedrock.get_model_invocation_job(jobIdentifier=arn)

    assert (job["status"], job["message"]) == ("Failed", message)
    assert counts_of(job) == {}


def test_a_missing_input_bucket_object_or_folder_fails_the_job(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    def failing(uri: str, name: str) -> str:
        config = {"s3InputDataConfig": {"s3Uri": uri}}
        job = _failure(env, bedrock, s3, jobName=name, inputDataConfig=config)
        assert job["status"] == "Failed"
        return str(job["message"])

    assert failing("s3://no-such-bucket/in.jsonl", "a") == (
        "Input validation failed: the S3 bucket no-such-bucket does not exist."
    )
    assert failing(f"s3://{BUCKET}/batch/missing.jsonl", "b") == (
        "Input validation failed: no .jsonl object found at "
        "s3://amzn-s3-demo-bucket/batch/missing.jsonl."
    )
    s3.put_object(Bucket=BUCKET, Key="batch/empty/readme.txt", Body=b"-")
    assert failing(f"s3://{BUCKET}/batch/empty/", "c") == (
        "Input validation failed: no .jsonl object found at s3://amzn-s3-demo-bucket/batch/empty/."
    )
    s3.put_object(Bucket=BUCKET, Key="batch/records.json", Body=b"{}")
    assert failing(f"s3://{BUCKET}/batch/records.json", "d") == (
        "Input validation failed: s3://amzn-s3-demo-bucket/batch/records.json is not a .jsonl file."
    )


def test_fewer_records_than_the_minimum_of_100_fail_the_job(aws: None, s3: Any) -> None:
    put_lines(s3, INPUT_KEY, claude_records(99))
    with mock_bedrock_jobs(start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        failed = _failure(env, bedrock, s3, model_id=CLAUDE)
        put_lines(s3, INPUT_KEY, claude_records(100))
        arn, _ = start_job(bedrock, jobName="batch-job-2")
        completed = finished(env, bedrock, arn)

    assert (failed["status"], failed["message"]) == (
        "Failed",
        "Input validation failed: the input holds 99 records, under the minimum of 100 "
        "records per job.",
    )
    assert (completed["status"], completed["totalRecordCount"]) == ("Completed", 100)


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        (
            {"records_per_model_invocation_file": 2},
            "Input validation failed: s3://amzn-s3-demo-bucket/batch/in/a.jsonl holds over 2 "
            "records, the quota per file.",
        ),
        (
            {"records_per_model_invocation_job": 4},
            "Input validation failed: the input holds over 4 records, the quota per job.",
        ),
        (
            {"model_invocation_file_bytes": 400},
            "Input validation failed: s3://amzn-s3-demo-bucket/batch/in/a.jsonl is {a} bytes, "
            "over the quota of 400 bytes per file.",
        ),
        (
            {"model_invocation_job_bytes": 700},
            "Input validation failed: the input is {both} bytes, over the quota of 700 bytes "
            "per job.",
        ),
    ],
    ids=["records-per-file", "records-per-job", "file-bytes", "job-bytes"],
)
def test_the_record_and_size_quotas_fail_the_job_while_it_validates(
    aws: None, s3: Any, quotas: dict[str, int], message: str
) -> None:
    put_lines(s3, "batch/in/a.jsonl", claude_records(3))
    put_lines(s3, "batch/in/b.jsonl", claude_records(2, start=3))
    sizes = {
        key: s3.head_object(Bucket=BUCKET, Key=f"batch/in/{key}.jsonl")["ContentLength"]
        for key in "ab"
    }
    assert sizes["a"] > 400 > sizes["b"] and sizes["a"] + sizes["b"] > 700
    with mock_bedrock_jobs(start_time=START, quotas={**FEW, **quotas}) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        config = {"s3InputDataConfig": {"s3Uri": f"s3://{BUCKET}/batch/in/"}}
        job = _failure(env, bedrock, s3, inputDataConfig=config)

    expected = message.format(a=sizes["a"], both=sizes["a"] + sizes["b"])
    assert (job["status"], job["message"]) == ("Failed", expected)


def test_a_missing_output_bucket_fails_the_job_at_the_end(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    put_lines(s3, INPUT_KEY, claude_records(2))
    config = {"s3OutputDataConfig": {"s3Uri": "s3://no-such-output/out/"}}
    arn, _ = start_job(bedrock, outputDataConfig=config)

    job = finished(env, bedrock, arn)

    assert (job["status"], job["message"]) == (
        "Failed",
        "Output failed: the S3 bucket no-such-output does not exist.",
    )


# -- partial runs ------------------------------------------------------------------------------


def test_a_job_stopped_halfway_through_in_progress_leaves_the_first_half_of_its_output(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    records = claude_records(200)
    put_lines(s3, "batch/in/a.jsonl", records[:150])
    put_lines(s3, "batch/in/b.jsonl", records[150:])
    put_lines(s3, "batch/in/c.jsonl", claude_records(10, start=200))
    config = {"s3InputDataConfig": {"s3Uri": f"s3://{BUCKET}/batch/in/"}}
    arn, job_id = start_job(bedrock, inputDataConfig=config)
    env.clock.advance(minutes=6 + 7)  # InProgress runs from minute 6 to minute 20
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "InProgress"

    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    job = finished(env, bedrock, arn)

    assert job["status"] == "Stopped"
    folder = f"{OUTPUT_PREFIX}{job_id}/"
    assert keys_under(s3, folder) == [folder + "a.jsonl.out", folder + "manifest.json.out"]
    lines = read_output(s3, folder + "a.jsonl.out")
    assert [line["recordId"] for line in lines] == [r["recordId"] for r in records[:105]]
    assert (
        counts_of(job)
        == manifest_counts(manifest_of(s3, job_id))
        == {
            "totalRecordCount": 210,
            "processedRecordCount": 105,
            "successRecordCount": 105,
            "errorRecordCount": 0,
        }
    )


def test_a_job_still_in_progress_at_its_timeout_is_partially_completed_with_its_output(
    aws: None, s3: Any
) -> None:
    records = claude_records(200)
    put_lines(s3, INPUT_KEY, records)
    # 40 hours: InProgress from hour 12 to hour 40; the 24-hour timeout falls at 3/7 of it.
    with mock_bedrock_jobs(
        start_time=START, quotas=FEW, durations={"model_invocation": 40 * 3600}
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn, job_id = start_job(bedrock)
        job = finished(env, bedrock, arn)

    assert job["status"] == "PartiallyCompleted"
    lines = read_output(s3, f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out")
    assert [line["recordId"] for line in lines] == [r["recordId"] for r in records[:85]]
    assert (
        counts_of(job)
        == manifest_counts(manifest_of(s3, job_id))
        == {
            "totalRecordCount": 200,
            "processedRecordCount": 85,
            "successRecordCount": 85,
            "errorRecordCount": 0,
        }
    )


def test_an_expired_job_writes_nothing(aws: None, s3: Any) -> None:
    put_lines(s3, INPUT_KEY, claude_records(3))
    # 90 hours: validated at hour 22.5, Scheduled until hour 27, past the 24-hour timeout.
    with mock_bedrock_jobs(
        start_time=START, quotas=FEW, durations={"model_invocation": 90 * 3600}
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn, _ = start_job(bedrock)
        job = finished(env, bedrock, arn)

    assert job["status"] == "Expired"
    assert keys_under(s3, OUTPUT_PREFIX) == []


# -- without moto's S3 ---------------------------------------------------------------------------


def test_without_moto_nothing_is_read_or_written_and_the_counts_stay_absent() -> None:
    with mock_bedrock_jobs(start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn, _ = start_job(bedrock)
        job = finished(env, bedrock, arn)

    assert job["status"] == "Completed"
    assert counts_of(job) == {}


# -- EventBridge ---------------------------------------------------------------------------------


def test_every_status_change_reaches_an_sqs_queue_through_an_eventbridge_rule(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    pytest.importorskip("jsonpath_ng", reason="moto's EventBridge needs the moto[events] extra")
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue_url = sqs.create_queue(QueueName="batch-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    events = boto3.client("events", region_name="us-east-1")
    pattern = {"source": ["aws.bedrock"], "detail-type": ["Batch Inference Job State Change"]}
    events.put_rule(Name="batch-jobs", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="batch-jobs", Targets=[{"Id": "queue", "Arn": queue_arn}])
    put_lines(s3, INPUT_KEY, claude_records(1))

    arn, _ = start_job(bedrock, jobName="evented")
    env.settle()

    received: list[dict[str, Any]] = []
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
            "Messages", []
        )
        if not messages:
            break
        received += (json.loads(message["Body"]) for message in messages)
    assert [event["detail"]["status"] for event in received] == [
        "Submitted",
        "Validating",
        "Scheduled",
        "InProgress",
        "Completed",
    ]
    event = received[-1]
    assert (event["source"], event["detail-type"], event["resources"]) == (
        "aws.bedrock",
        "Batch Inference Job State Change",
        [arn],
    )
    assert (event["detail"]["batchJobArn"], event["detail"]["batchJobName"]) == (arn, "evented")
    # Each event is timed at its change on the mock clock: submitted at START, ended 20
    # minutes later.
    assert (received[0]["time"], event["time"]) == ("2024-08-13T09:00:00Z", "2024-08-13T09:20:00Z")


# -- effects when the clock passes their time ---------------------------------------------------


def test_the_output_appears_when_the_clock_passes_the_end_with_no_request_after_it(
    bedrock: Any, s3: Any, env: BedrockJobsMock
) -> None:
    put_lines(s3, INPUT_KEY, claude_records(2))
    _, job_id = start_job(bedrock)
    env.clock.advance(minutes=19)
    assert keys_under(s3, OUTPUT_PREFIX) == []

    env.clock.advance(minutes=1)  # the job's end: nothing asks the mock anything after it
    assert keys_under(s3, OUTPUT_PREFIX) == [
        f"{OUTPUT_PREFIX}{job_id}/input.jsonl.out",
        f"{OUTPUT_PREFIX}{job_id}/manifest.json.out",
    ]


def test_a_virtual_sleep_past_the_end_writes_the_output(aws: None, s3: Any) -> None:
    put_lines(s3, INPUT_KEY, claude_records(2))
    with mock_bedrock_jobs(start_time=START, quotas=FEW, virtual_sleep=True):
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        _, job_id = start_job(bedrock)
        time.sleep(20 * 60)  # an orchestrator that only sleeps, then reads S3
        assert f"{OUTPUT_PREFIX}{job_id}/manifest.json.out" in keys_under(s3, OUTPUT_PREFIX)
