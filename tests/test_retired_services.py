"""A botocore without a mocked service's model: that service is not served, and everything
else works (issue 22). AWS retired Lookout for Equipment on 2026-10-07, and botocore drops
the model of a retired service.

The child processes import the botocore installed here from a copy of its package made of
symbolic links, whose ``data`` folder lacks ``lookoutequipment``: botocore's own, unchanged
code then finds no such model, exactly as in a release that dropped it. The rest of the
suite, Lookout's tests included, runs on the installed botocore, model and all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import botocore
import pytest

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = "lookoutequipment"
TIMEOUT = 120

_TESTS = textwrap.dedent(
    """
    import json
    import urllib.error
    import urllib.request

    import boto3
    import pytest
    from botocore.exceptions import UnknownServiceError

    from bedrock_jobs_mock import mock_bedrock_jobs
    from tests.factories import copy_model, customize, import_job_request

    def test_botocore_has_no_lookout_model():
        with pytest.raises(UnknownServiceError):
            boto3.client("lookoutequipment", region_name="us-east-1")

    def test_a_bedrock_workflow_through_the_fixture(bedrock_jobs):
        client = boto3.client("bedrock", region_name="us-east-1")
        tuned = customize(bedrock_jobs, client, "tuned")
        copy_job = copy_model(client, tuned, "tuned-copy")
        bedrock_jobs.settle()
        assert client.get_model_copy_job(jobArn=copy_job)["status"] == "Completed"
        names = [view.name for view in bedrock_jobs.state().models["custom_model"]]
        assert names == ["tuned", "tuned-copy"]
        assert bedrock_jobs.state().models["lookout_model"] == ()

    def test_the_controls_know_lookout_is_not_served():
        with mock_bedrock_jobs() as env:
            with pytest.raises(ValueError, match="does not serve 'ImportModelVersion'"):
                env.inject_error("ImportModelVersion", "ThrottlingException")
            env.inject_error("GetCustomModel", "ThrottlingException", count=5)
            client = boto3.client("bedrock", region_name="us-east-1")
            with pytest.raises(client.exceptions.ThrottlingException):
                client.get_custom_model(modelIdentifier="absent")

    def test_the_server_door_serves_bedrock_alone(bedrock_jobs_server):
        client = boto3.client(
            "bedrock", region_name="us-east-1", endpoint_url=bedrock_jobs_server.url
        )
        arn = client.create_model_import_job(**import_job_request())["jobArn"]
        bedrock_jobs_server.controls.settle()
        assert client.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"
        lookout_call = urllib.request.Request(
            bedrock_jobs_server.url,
            data=b"{}",
            headers={
                "X-Amz-Target": "AWSLookoutEquipmentFrontendService.ListModels",
                "Content-Type": "application/x-amz-json-1.0",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(lookout_call, timeout=30)
        assert refused.value.code == 404
        assert json.loads(refused.value.read()) == {
            "__type": "UnknownOperationException",
            "message": "bedrock-jobs-mock serves bedrock and bedrock-agent only",
        }
    """
)


@pytest.fixture(scope="module")
def without_lookout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a child process whose botocore ships no Lookout model."""
    installed = Path(botocore.__file__).parent
    shadow = tmp_path_factory.mktemp("botocore-without-lookout")
    package = shadow / "botocore"
    (package / "data").mkdir(parents=True)
    for entry in installed.iterdir():
        if entry.name != "data":
            (package / entry.name).symlink_to(entry)
    for entry in (installed / "data").iterdir():
        if entry.name != HIDDEN:
            (package / "data" / entry.name).symlink_to(entry)
    path = os.pathsep.join(filter(None, [str(shadow), str(ROOT), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PYTHONPATH": path,
        "PYTHONDONTWRITEBYTECODE": "1",
        # A request that escaped the mock would fail here, never reach AWS.
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1,localhost",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }


def _run(env: dict[str, str], *arguments: str, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_bedrock_the_controls_the_server_and_the_plugin_work_without_it(
    without_lookout: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "test_without_lookout.py").write_text(_TESTS)
    out = _run(
        without_lookout, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error",
        "test_without_lookout.py", cwd=tmp_path,
    )  # fmt: skip
    assert "4 passed" in out, out


def test_the_coverage_table_says_it_is_not_served(without_lookout: dict[str, str]) -> None:
    table = _run(without_lookout, "-m", "bedrock_jobs_mock", "coverage")
    assert "## Amazon Bedrock (`bedrock`)" in table
    assert "| CreateModelCustomizationJob | yes |" in table
    assert (
        "## `lookoutequipment`\n\n"
        f"Not served: botocore {botocore.__version__} ships no model of this service\n"
        "(AWS retired it). Install a botocore that has it to have it served.\n"
    ) in table
    assert "ImportModelVersion" not in table


def test_the_demo_skips_its_lookout_scene(without_lookout: dict[str, str]) -> None:
    lines = _run(without_lookout, "-m", "bedrock_jobs_mock", "demo").splitlines()
    assert any(line.endswith("ListCustomModels -> ['demo-titan-tuned']") for line in lines)
    lookout = lines.index(
        "== Lookout for Equipment: import a model version from another account =="
    )
    assert lines[lookout + 1].endswith(
        "skipped: this botocore has no Lookout for Equipment model (AWS retired it)"
    )
    assert lines[-1] == "No network, no AWS account: every answer came from the mock."
