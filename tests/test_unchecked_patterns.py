"""A pattern the mock cannot match (a future model's syntax) goes unchecked, with one warning
per pattern; it never fails a call (issue 22).

The child processes load a Bedrock model from ``AWS_DATA_PATH``, as botocore lets a user
override any model: the installed one, but for the patterns of JobName and
ImportedModelName, which use a lookbehind (``(?<!-)``), a construct the mock's matcher
does not implement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import botocore.session
import pytest

ROOT = Path(__file__).resolve().parent.parent
FUTURE_PATTERN = r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*(?<!-)"

_CHILD = textwrap.dedent(
    """
    import logging
    import sys
    import warnings

    import boto3
    from botocore.exceptions import ClientError

    from bedrock_jobs_mock import UncheckedPatternWarning, mock_bedrock_jobs
    from tests.factories import error_of, import_job_request

    logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(name)s %(message)s")
    with warnings.catch_warnings(record=True) as caught, mock_bedrock_jobs():
        warnings.simplefilter(sys.argv[1])
        client = boto3.client("bedrock", region_name="us-east-1")
        # Neither pattern is checked: these names break them.
        arn = client.create_model_import_job(
            **import_job_request(jobName="job name!", importedModelName="model name!")
        )["jobArn"]
        assert client.get_model_import_job(jobIdentifier=arn)["jobName"] == "job name!"
        # Every other constraint still is.
        try:
            client.create_model_import_job(**import_job_request(jobName="j" * 64))
        except ClientError as error:
            print(error.response["Error"]["Message"])
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    assert all(warning.category is UncheckedPatternWarning for warning in caught)
    """
)


@pytest.fixture(scope="module")
def future_model(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a child process whose Bedrock model holds a pattern the mock
    cannot match."""
    loader = botocore.session.get_session().get_component("data_loader")
    version = loader.determine_latest_version("bedrock", "service-2")
    model = loader.load_service_model("bedrock", "service-2")
    for shape in ("JobName", "ImportedModelName"):
        model["shapes"][shape]["pattern"] = FUTURE_PATTERN
    data = tmp_path_factory.mktemp("aws-data")
    (data / "bedrock" / version).mkdir(parents=True)
    (data / "bedrock" / version / "service-2.json").write_text(json.dumps(model))
    return {**os.environ, "AWS_DATA_PATH": str(data), "PYTHONPATH": str(ROOT)}


def _child(env: dict[str, str], warnings_filter: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, warnings_filter],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


_WARNING = (
    "bedrock-jobs-mock does not check values against the service model's pattern "
    f"{FUTURE_PATTERN}, which it cannot match (unsupported group (?< at 34 in "
    f"{FUTURE_PATTERN!r}). Please report it."
)
_TOO_LONG = (
    f"1 validation error detected: Value '{'j' * 64}' at 'jobName' failed to satisfy "
    "constraint: Member must have length less than or equal to 63"
)


def test_the_pattern_goes_unchecked_with_one_warning(future_model: dict[str, str]) -> None:
    assert _child(future_model, "always") == [_TOO_LONG, f"UncheckedPatternWarning: {_WARNING}"]


def test_warnings_turned_into_errors_fail_no_call(future_model: dict[str, str]) -> None:
    assert _child(future_model, "error") == [f"WARNING bedrock_jobs_mock {_WARNING}", _TOO_LONG]
