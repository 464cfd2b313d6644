"""Sessions: independent mocks in one server, chosen by a path prefix of the endpoint URL or
by the access key id, each with its own state, clock, faults and history."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.server import BedrockJobsServer, Controls, RunningServer
from tests.factories import START, error_of, import_job_request
from tests.server_helpers import PROCESS_TIMEOUT, client_of

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START, durations={"model_import": 900})

ROOT = Path(__file__).resolve().parent.parent

#: One test process: its session's controls and a client aimed at it, in one account (the
#: same for every process, so only the session keeps them apart).
WORKER = textwrap.dedent(
    """
    import sys
    from bedrock_jobs_mock.server import Controls
    from tests.factories import START, import_job_request
    from tests.server_helpers import client_of

    url, session, step = sys.argv[1:]
    env = Controls(url, session=session)
    bedrock = client_of(env.endpoint_url, "bedrock")
    if step == "fill":
        bedrock.create_model_import_job(**import_job_request(f"job-{session}"))
        env.clock.advance(minutes=10)
        env.inject_error("ListModelImportJobs", "ThrottlingException")
    else:
        assert env.clock.now() == START, env.clock.now()
        assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
        assert [call.operation for call in env.calls] == ["ListModelImportJobs"]
        bedrock.create_model_import_job(**import_job_request(f"job-{session}"))
        env.settle()
    print("ok")
    """
)


def _worker(url: str, session: str, step: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, url, session, step],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=PROCESS_TIMEOUT)
    assert (process.returncode, out.strip()) == (0, "ok"), err


def test_two_processes_in_two_sessions_do_not_see_each_other(
    bedrock_jobs_server: RunningServer,
) -> None:
    url = bedrock_jobs_server.url
    _finished(_worker(url, "first", "fill"))
    # The second process sees the first one's clock, jobs, injected error and calls in
    # none of its own; both run at once, and its settle finishes only its own job.
    second, default = _worker(url, "second", "check"), _worker(url, "default", "check")
    _finished(second)
    _finished(default)
    first = Controls(url, session="first")
    assert first.clock.now() == START + timedelta(minutes=10)
    assert [call.operation for call in first.calls] == ["CreateModelImportJob"]
    bedrock = client_of(first.endpoint_url, "bedrock")
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()  # the injected error waited for this session's call
    assert error_of(raised)[0] == "ThrottlingException"
    (job,) = bedrock.list_model_import_jobs()["modelImportJobSummaries"]
    assert (job["jobName"], job["status"]) == ("job-first", "InProgress")
    assert bedrock_jobs_server.controls.calls == ()  # the server's default mock saw nothing


@pytest.mark.bedrock_jobs_server(start_time=START, sessions="access-key")
def test_each_access_key_names_a_session(bedrock_jobs_server: RunningServer) -> None:
    one = client_of(bedrock_jobs_server.url, "bedrock", "111111111111")
    two = client_of(bedrock_jobs_server.url, "bedrock", "222222222222")
    one.create_model_import_job(**import_job_request("mine"))
    assert two.list_model_import_jobs()["modelImportJobSummaries"] == []
    Controls(bedrock_jobs_server.url, session="111111111111").clock.advance(days=1)
    assert Controls(bedrock_jobs_server.url, session="222222222222").clock.now() == START
    calls = Controls(bedrock_jobs_server.url, session="111111111111").calls
    assert [(call.operation, call.account) for call in calls] == [
        ("CreateModelImportJob", "111111111111")
    ]


def test_a_dropped_session_starts_again_empty(bedrock_jobs_server: RunningServer) -> None:
    env = Controls(bedrock_jobs_server.url, session="short-lived")
    bedrock = client_of(env.endpoint_url, "bedrock")
    bedrock.create_model_import_job(**import_job_request())
    assert env.drop_session() is True
    assert env.drop_session() is False
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    with pytest.raises(ValueError, match="default mock"):
        bedrock_jobs_server.controls.drop_session()


@pytest.mark.bedrock_jobs_server(session_limit=2)
def test_sessions_past_the_limit_are_refused(bedrock_jobs_server: RunningServer) -> None:
    for name in ("a", "b"):
        Controls(bedrock_jobs_server.url, session=name).health()
    third = Controls(bedrock_jobs_server.url, session="c")
    bedrock = client_of(third.endpoint_url, "bedrock")
    message = (
        "bedrock-jobs-mock keeps at most 2 sessions and none is idle: drop one "
        "(DELETE /_session/<name>) or serve with a larger session limit"
    )
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()
    assert error_of(raised) == ("ThrottlingException", message, 429)
    with pytest.raises(RuntimeError, match="at most 2 sessions"):
        third.clock.now()
    Controls(bedrock_jobs_server.url, session="a").drop_session()
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


@pytest.mark.bedrock_jobs_server(start_time=START, session_limit=1, session_idle_timeout=0.2)
def test_an_idle_session_is_dropped(bedrock_jobs_server: RunningServer) -> None:
    first = Controls(bedrock_jobs_server.url, session="first")
    first.clock.advance(hours=1)
    time.sleep(0.3)
    second = Controls(bedrock_jobs_server.url, session="second")
    second.clock.advance(hours=2)
    time.sleep(0.3)
    assert first.clock.now() == START  # dropped while idle: a new one


def test_a_session_name_must_be_a_plain_word(bedrock_jobs_server: RunningServer) -> None:
    with pytest.raises(ValueError, match="a session name is 1 to 128 letters"):
        Controls(bedrock_jobs_server.url, session="a/b")
    bedrock = client_of(f"{bedrock_jobs_server.url}/_session/{'x' * 129}", "bedrock")
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()
    assert error_of(raised)[0::2] == ("ValidationException", 400)


def test_the_server_in_process_reaches_a_session_by_name() -> None:
    with BedrockJobsServer("127.0.0.1", 0, start_time=START) as server:
        server.session("mine").clock.advance(minutes=5)
        assert Controls(server.url, session="mine").clock.now() == START + timedelta(minutes=5)
        assert server.clock.now() == START
