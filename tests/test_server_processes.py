"""The server with clients in other processes and threads: ``bedrock-jobs-mock serve`` as a
command, boto3 in a child process, and 16 client threads at once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.server import Controls, RunningServer
from tests.factories import START, customization_job_request, error_of, import_job_request
from tests.server_helpers import PROCESS_TIMEOUT, client_of, served_in_a_process

THREADS = 16
JOBS_PER_THREAD = 5


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly_on_a_signal(tmp_path: Path, stop_signal: signal.Signals) -> None:
    log = tmp_path / "server.log"
    with served_in_a_process(log, "--account-id", "111122223333") as (url, process):
        arn = client_of(url, "bedrock").create_model_import_job(**import_job_request())["jobArn"]
        assert ":111122223333:model-import-job/" in arn
        process.send_signal(stop_signal)
        stdout, _ = process.communicate(timeout=PROCESS_TIMEOUT)
    assert process.returncode == 0
    assert stdout == "bedrock-jobs-mock stopped\n"
    lines = log.read_text().splitlines()
    assert [line.split(" ", 3)[3] for line in lines] == [
        "GET /_mock/health control:health 200",
        "POST /model-import-jobs bedrock:CreateModelImportJob 201",
    ]


@pytest.mark.parametrize(
    ("option", "refusal"),
    [
        (("--duration", "baking=5"), "unknown durations ['baking']"),
        (("--calls-kept", "-1"), "calls_kept must be at least 0, got -1"),
        (("--max-sessions", "0"), "the session limit must be at least 1, got 0"),
        (("--session-idle-timeout", "0"), "the session idle timeout must be positive, got 0.0"),
        (("--auto-tick", "0"), "auto_tick must be positive (None turns it off), got 0.0"),
        (("--finish-after-reads", "import=2"), "unknown job kinds ['import']"),
        (("--hang-after-reads", "-1"), "hang_after_reads must be at least 1, got -1"),
    ],
)
def test_serve_refuses_a_bad_option(option: tuple[str, str], refusal: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bedrock_jobs_mock", "serve", *option],
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )
    assert result.returncode == 2
    assert refusal in result.stderr


def test_serve_takes_the_server_options(tmp_path: Path) -> None:
    options = ("--no-auth", "--no-cors", "--sessions", "access-key", "--max-sessions", "1")
    with served_in_a_process(tmp_path / "serve.log", *options) as (url, _):
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with direct.open(f"{url}/model-import-jobs", timeout=PROCESS_TIMEOUT) as answer:
            assert "Access-Control-Allow-Origin" not in answer.headers
            assert json.loads(answer.read()) == {"modelImportJobSummaries": []}
        client_of(url, "bedrock", "111111111111").list_model_import_jobs()
        with pytest.raises(ClientError) as raised:
            client_of(url, "bedrock", "222222222222").list_model_import_jobs()
        assert error_of(raised)[0::2] == ("ThrottlingException", 429)
        assert [call.account for call in Controls(url, session="111111111111").calls] == [
            "111111111111"
        ]


_CHILD = textwrap.dedent(
    """
    import json, sys
    import boto3
    from bedrock_jobs_mock.server import Controls

    url = sys.argv[1]
    def client(key):
        return boto3.client("bedrock", endpoint_url=url, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key="secret")
    env = Controls(url)
    mine, theirs = client("AKIAIOSFODNN7EXAMPLE"), client("111122223333")
    request = json.loads(sys.argv[2])
    for n in range(7):
        mine.create_model_customization_job(**{**request, "jobName": f"tune-{n}",
                                               "customModelName": f"model-{n}"})
    theirs.create_model_customization_job(**request)
    env.settle()
    pages = mine.get_paginator("list_model_customization_jobs").paginate(
        PaginationConfig={"PageSize": 3})
    print(json.dumps({
        "pages": [[job["jobName"] for job in page["modelCustomizationJobSummaries"]]
                  for page in pages],
        "statuses": sorted({job["status"] for job in
                            mine.list_model_customization_jobs()["modelCustomizationJobSummaries"]}),
        "theirs": [job["jobArn"] for job in
                   theirs.list_model_customization_jobs()["modelCustomizationJobSummaries"]],
    }))
    """
)


@pytest.mark.bedrock_jobs_server(start_time=START)
def test_boto3_in_another_process(bedrock_jobs_server: RunningServer) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            bedrock_jobs_server.url,
            json.dumps(customization_job_request()),
        ],
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT * 2,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert [len(page) for page in seen["pages"]] == [3, 3, 1]
    assert sorted(name for page in seen["pages"] for name in page) == [
        f"tune-{n}" for n in range(7)
    ]
    assert seen["statuses"] == ["Completed"]
    (their_job,) = seen["theirs"]
    assert their_job.startswith("arn:aws:bedrock:us-east-1:111122223333:model-customization-job/")


def test_sixteen_threads_at_once_lose_nothing(tmp_path: Path) -> None:
    with served_in_a_process(tmp_path / "server.log") as (url, _):

        def create_and_read(thread: int) -> list[str]:
            bedrock = client_of(url, "bedrock")  # one client per thread
            names = [f"tune-{thread}-{n}" for n in range(JOBS_PER_THREAD)]
            for name in names:
                bedrock.create_model_customization_job(
                    **customization_job_request(name, f"model-{name}")
                )
                assert bedrock.get_model_customization_job(jobIdentifier=name)["jobName"] == name
            return names

        with ThreadPoolExecutor(THREADS) as pool:
            created = [
                name for names in pool.map(create_and_read, range(THREADS)) for name in names
            ]
        pages = client_of(url, "bedrock").get_paginator("list_model_customization_jobs")
        listed = [
            job["jobName"]
            for page in pages.paginate(PaginationConfig={"PageSize": 7})
            for job in page["modelCustomizationJobSummaries"]
        ]
        assert len(created) == THREADS * JOBS_PER_THREAD
        assert sorted(listed) == sorted(created)  # each exactly once
        operations = [call.operation for call in Controls(url).calls]
        assert operations.count("CreateModelCustomizationJob") == THREADS * JOBS_PER_THREAD
