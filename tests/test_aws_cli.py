"""The AWS CLI (v1, the ``awscli`` package), run as a separate process with ``--endpoint-url``
against the served mock, the test moving the clock through the control client between calls.

Skipped where ``awscli`` is not installed (it is in the ``test`` extra)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bedrock_jobs_mock.server import RunningServer
from tests.batch_helpers import NOVA_PRO_ARN, PHASE_STARTS, batch_job_request
from tests.factories import (
    ARN_PREFIX,
    START,
    customization_job_request,
    import_job_request,
    needs_operation,
)
from tests.server_helpers import PROCESS_TIMEOUT

pytest.importorskip("awscli")

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START)

IMPORT_TIME = timedelta(minutes=15)
CUSTOMIZATION_TIME = timedelta(minutes=50)


class Cli:
    """``aws <service> <command> --endpoint-url <server>`` in a child process."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.tmp_path = tmp_path
        self.options = ("--endpoint-url", url, "--output", "json")
        self.env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_DEFAULT_REGION": "us-east-1",
        }

    def __call__(self, service: str, command: str, *arguments: str, **request: Any) -> Any:
        """Run one command; its JSON output (``request``: its ``--cli-input-json``)."""
        if request:
            document = self.tmp_path / f"{command}.json"
            document.write_text(json.dumps(request))
            arguments = (*arguments, "--cli-input-json", f"file://{document}")
        result = subprocess.run(
            [sys.executable, "-m", "awscli", service, command, *arguments, *self.options],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=PROCESS_TIMEOUT,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout or "null")


@pytest.fixture
def aws(bedrock_jobs_server: RunningServer, tmp_path: Path) -> Cli:
    return Cli(bedrock_jobs_server.url, tmp_path)


def test_an_import_job_through_the_cli(bedrock_jobs_server: RunningServer, aws: Cli) -> None:
    arn = aws("bedrock", "create-model-import-job", **import_job_request())["jobArn"]
    job = aws("bedrock", "get-model-import-job", "--job-identifier", arn)
    assert (job["jobName"], job["status"]) == ("import-job-1", "InProgress")
    bedrock_jobs_server.controls.clock.advance(IMPORT_TIME)
    job = aws("bedrock", "get-model-import-job", "--job-identifier", "import-job-1")
    assert job["status"] == "Completed"
    assert job["importedModelArn"].startswith(f"{ARN_PREFIX}imported-model/")
    listed = aws("bedrock", "list-model-import-jobs")["modelImportJobSummaries"]
    assert [(summary["jobArn"], summary["status"]) for summary in listed] == [(arn, "Completed")]


def test_a_customization_job_through_the_cli(bedrock_jobs_server: RunningServer, aws: Cli) -> None:
    arn = aws("bedrock", "create-model-customization-job", **customization_job_request())["jobArn"]
    job = aws("bedrock", "get-model-customization-job", "--job-identifier", arn)
    assert (job["status"], job["outputModelName"]) == ("InProgress", "custom-model-1")
    bedrock_jobs_server.controls.clock.advance(CUSTOMIZATION_TIME)
    listed = aws("bedrock", "list-model-customization-jobs")["modelCustomizationJobSummaries"]
    assert [(summary["jobArn"], summary["status"]) for summary in listed] == [(arn, "Completed")]


def test_a_lookout_import_through_the_cli(bedrock_jobs_server: RunningServer, aws: Cli) -> None:
    clock = bedrock_jobs_server.controls.clock
    aws("lookoutequipment", "create-dataset", "--dataset-name", "pump-data")
    aws("lookoutequipment", "create-model", "--model-name", "pump", "--dataset-name", "pump-data")
    clock.advance(minutes=30)
    source = aws("lookoutequipment", "describe-model", "--model-name", "pump")
    assert source["Status"] == "SUCCESS"
    imported = aws(
        "lookoutequipment",
        "import-model-version",
        *("--source-model-version-arn", source["ActiveModelVersionArn"]),
        *("--dataset-name", "pump-data", "--model-name", "pump-copy"),
    )
    assert (imported["ModelVersion"], imported["Status"]) == (1, "IMPORT_IN_PROGRESS")
    clock.advance(minutes=10)
    versions = aws("lookoutequipment", "list-model-versions", "--model-name", "pump-copy")
    assert [
        (version["ModelVersionArn"], version["Status"], version["SourceType"])
        for version in versions["ModelVersionSummaries"]
    ] == [(imported["ModelVersionArn"], "SUCCESS", "IMPORT")]


@needs_operation("CreateModelInvocationJob")
def test_a_batch_inference_job_through_the_cli(
    bedrock_jobs_server: RunningServer, aws: Cli
) -> None:
    arn = aws("bedrock", "create-model-invocation-job", **batch_job_request())["jobArn"]
    job_id = arn.rsplit("/", 1)[1]
    job = aws("bedrock", "get-model-invocation-job", "--job-identifier", job_id)
    assert (job["jobName"], job["status"]) == ("batch-job-1", "Submitted")
    clock = bedrock_jobs_server.controls.clock
    clock.advance(PHASE_STARTS["InProgress"])
    job = aws("bedrock", "get-model-invocation-job", "--job-identifier", arn)
    assert job["status"] == "InProgress"
    aws("bedrock", "stop-model-invocation-job", "--job-identifier", arn)
    clock.advance(minutes=1)
    listed = aws("bedrock", "list-model-invocation-jobs", "--status-equals", "Stopped")
    assert [
        (summary["jobArn"], summary["status"], summary["modelId"])
        for summary in listed["invocationJobSummaries"]
    ] == [(arn, "Stopped", NOVA_PRO_ARN)]
