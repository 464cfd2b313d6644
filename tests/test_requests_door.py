"""``mock_bedrock_jobs(requests=True)``: Python code calling the REST APIs with ``requests``
and a SigV4 signer, answered through ``responses`` by the same dispatch as boto3."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any
from urllib.parse import quote

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.batch_helpers import batch_job_request
from tests.conftest import assert_blocked
from tests.factories import ARN_PREFIX, START, error_of, import_job_request, needs_operation
from tests.server_helpers import PROCESS_TIMEOUT

responses = pytest.importorskip("responses")
requests = pytest.importorskip("requests")

BEDROCK = "https://bedrock.us-east-1.amazonaws.com"
LOOKOUT = "https://lookoutequipment.us-east-1.amazonaws.com/"


def signed(
    method: str,
    url: str,
    body: bytes = b"",
    *,
    service: str = "bedrock",
    access_key: str = "AKIAIOSFODNN7EXAMPLE",
    **headers: str,
) -> Any:
    """``requests`` sends ``method url`` signed with SigV4 for ``service`` in us-east-1."""
    aws_request = AWSRequest(
        method=method, url=url, data=body, headers={"Content-Type": "application/json", **headers}
    )
    SigV4Auth(Credentials(access_key, "secret"), service, "us-east-1").add_auth(aws_request)
    return requests.request(method, url, data=body, headers=dict(aws_request.headers), timeout=30)


def test_create_and_get_a_job_with_requests() -> None:
    with mock_bedrock_jobs(requests=True, start_time=START) as env:
        created = signed(
            "POST", f"{BEDROCK}/model-import-jobs", json.dumps(import_job_request()).encode()
        )
        assert created.status_code == 201
        arn = created.json()["jobArn"]
        assert arn.startswith(f"{ARN_PREFIX}model-import-job/")
        job = signed("GET", f"{BEDROCK}/model-import-jobs/{quote(arn, safe='')}")
        assert (job.status_code, job.json()["status"]) == (200, "InProgress")
        env.settle()
        job = signed("GET", f"{BEDROCK}/model-import-jobs/import-job-1").json()
        assert (job["status"], job["creationTime"]) == ("Completed", "2024-08-13T09:00:00.000Z")
        # boto3 in the same test sees the same state
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"


@needs_operation("CreateModelInvocationJob")
def test_a_batch_inference_job_with_requests() -> None:
    with mock_bedrock_jobs(requests=True, start_time=START) as env:
        created = signed(
            "POST", f"{BEDROCK}/model-invocation-job", json.dumps(batch_job_request()).encode()
        )
        assert created.status_code == 200
        arn = created.json()["jobArn"]
        stopped = signed("POST", f"{BEDROCK}/model-invocation-job/{quote(arn, safe='')}/stop")
        assert (stopped.status_code, stopped.content) == (200, b"")
        env.settle()
        listed = signed("GET", f"{BEDROCK}/model-invocation-jobs?statusEquals=Stopped")
        summaries = listed.json()["invocationJobSummaries"]
        assert [(summary["jobArn"], summary["status"]) for summary in summaries] == [
            (arn, "Stopped")
        ]


def test_the_account_comes_from_the_access_key() -> None:
    with mock_bedrock_jobs(requests=True):
        body = json.dumps(import_job_request()).encode()
        created = signed("POST", f"{BEDROCK}/model-import-jobs", body, access_key="111122223333")
        assert ":111122223333:model-import-job/" in created.json()["jobArn"]


def test_lookout_with_requests() -> None:
    with mock_bedrock_jobs(requests=True):
        target = "AWSLookoutEquipmentFrontendService.ListDatasets"
        answer = signed(
            "POST",
            LOOKOUT,
            b"{}",
            service="lookoutequipment",
            **{"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"},
        )
        assert (answer.status_code, answer.json()) == (200, {"DatasetSummaries": []})


def test_a_malformed_body_is_refused_as_through_boto3() -> None:
    mistyped = {**import_job_request(), "jobName": 5}
    with mock_bedrock_jobs(requests=True):
        unchecked = boto3.client(
            "bedrock", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        with pytest.raises(ClientError) as excinfo:
            unchecked.create_model_import_job(**mistyped)
        through_boto3 = error_of(excinfo)
        answer = signed("POST", f"{BEDROCK}/model-import-jobs", json.dumps(mistyped).encode())
        through_requests = (
            answer.headers["x-amzn-ErrorType"],
            answer.json()["message"],
            answer.status_code,
        )
        assert through_requests == through_boto3
        assert through_boto3[0::2] == ("SerializationException", 400)
        not_json = signed("POST", f"{BEDROCK}/model-import-jobs", b"{not json")
        assert (not_json.status_code, not_json.headers["x-amzn-ErrorType"]) == (
            400,
            "SerializationException",
        )
        assert not_json.json() == {"message": "The request body is not valid JSON"}


def test_the_users_responses_mock_keeps_every_other_url() -> None:
    with responses.RequestsMock() as user_mock:
        user_mock.get("https://example.com/health", json={"ok": True})
        with mock_bedrock_jobs(requests=True):
            assert requests.get("https://example.com/health", timeout=30).json() == {"ok": True}
            listed = signed("GET", f"{BEDROCK}/model-import-jobs")
            assert listed.json() == {"modelImportJobSummaries": []}
            with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
                requests.get("https://example.com/other", timeout=30)
        assert [call.request.url for call in user_mock.calls] == [
            "https://example.com/health",
            "https://example.com/other",
        ]
        # stopped: Bedrock URLs are the user's mock's again, which knows none
        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            signed("GET", f"{BEDROCK}/model-import-jobs")


def test_without_a_responses_mock_other_urls_go_where_they_went() -> None:
    with mock_bedrock_jobs(requests=True):
        assert_blocked(lambda: requests.get("https://example.com/", timeout=30))


def test_requests_are_not_answered_unless_asked() -> None:
    with mock_bedrock_jobs():
        assert_blocked(lambda: signed("GET", f"{BEDROCK}/model-import-jobs"))


def test_responses_is_imported_only_when_asked() -> None:
    script = textwrap.dedent(
        """
        import sys, boto3
        from bedrock_jobs_mock import mock_bedrock_jobs
        with mock_bedrock_jobs():
            boto3.client("bedrock", region_name="us-east-1").list_model_import_jobs()
        print("responses" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=PROCESS_TIMEOUT
    )
    assert (result.returncode, result.stdout) == (0, "False\n"), result.stderr


AGENT = "https://bedrock-agent.us-east-1.amazonaws.com"


def test_a_knowledge_base_sync_with_requests_signed_as_bedrock() -> None:
    """bedrock-agent signs as ``bedrock``, as Bedrock does: its host tells them apart."""
    from tests.kb_helpers import knowledge_base_request, s3_data_source

    with mock_bedrock_jobs(requests=True, start_time=START) as env:
        created = signed(
            "PUT", f"{AGENT}/knowledgebases/", json.dumps(knowledge_base_request()).encode()
        )
        assert (created.status_code, created.json()["knowledgeBase"]["status"]) == (
            202,
            "CREATING",
        )
        knowledge_base_id = created.json()["knowledgeBase"]["knowledgeBaseId"]
        env.settle()
        data_source = signed(
            "PUT",
            f"{AGENT}/knowledgebases/{knowledge_base_id}/datasources/",
            json.dumps({"name": "docs", "dataSourceConfiguration": s3_data_source()}).encode(),
        )
        data_source_id = data_source.json()["dataSource"]["dataSourceId"]
        base = f"{AGENT}/knowledgebases/{knowledge_base_id}"
        jobs = f"{base}/datasources/{data_source_id}/ingestionjobs/"
        started = signed("PUT", jobs, b"{}")
        assert (started.status_code, started.json()["ingestionJob"]["status"]) == (202, "STARTING")
        env.settle()
        job_id = started.json()["ingestionJob"]["ingestionJobId"]
        assert signed("GET", f"{jobs}{job_id}").json()["ingestionJob"]["status"] == "COMPLETE"
        assert [call.service for call in env.calls] == ["bedrock-agent"] * 4
