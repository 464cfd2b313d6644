"""``bedrock_jobs_mock.server.Controls``: every ``env`` control over the control endpoint, with
the same arguments, results and exceptions as in-process."""

from __future__ import annotations

import inspect
import json
import urllib.request
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.doors.control_endpoint import ROUTES, HostedControls
from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.server import Controls, RemoteClock, RunningServer
from tests.factories import START, customize, error_of, import_job_request
from tests.server_helpers import client_of

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START, durations={"model_import": 900})


@pytest.fixture
def bedrock(bedrock_jobs_server: RunningServer) -> Any:
    return client_of(bedrock_jobs_server.url, "bedrock")


@pytest.fixture
def env(bedrock_jobs_server: RunningServer) -> Controls:
    return bedrock_jobs_server.controls


def _post(url: str, path: str, document: Any) -> tuple[int, Any]:
    return _post_raw(url, path, json.dumps(document).encode())


def test_the_clock_moves_and_is_set(env: Controls) -> None:
    assert env.clock.now() == START
    assert env.clock.advance(timedelta(minutes=1), seconds=30) == START + timedelta(seconds=90)
    assert env.clock.advance(30) == START + timedelta(seconds=120)
    naive = datetime(2030, 1, 2, 3, 4, 5)
    assert env.clock.set(naive) == naive.replace(tzinfo=timezone.utc)
    assert env.clock.now().tzinfo is not None


def test_the_clock_is_set_from_plain_iso_text(bedrock_jobs_server: RunningServer) -> None:
    status, body = _post(
        bedrock_jobs_server.url, "/_mock/clock/set", {"moment": "2030-01-02T03:04:05Z"}
    )
    assert (status, body) == (200, {"now": {"$datetime": "2030-01-02T03:04:05+00:00"}})


def test_settle_complete_and_fail(env: Controls, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.fail(arn, message="bad weights")
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == ("Failed", "bad weights")
    bedrock.create_model_import_job(**import_job_request("import-job-2", "model-2"))
    env.complete("import-job-2")
    assert bedrock.get_model_import_job(jobIdentifier="import-job-2")["status"] == "Completed"
    bedrock.create_model_import_job(**import_job_request("import-job-3", "model-3"))
    assert env.settle() == START + timedelta(minutes=15)


def test_control_errors_are_raised_as_in_process(env: Controls, bedrock: Any) -> None:
    with pytest.raises(LookupError, match="no job has the ARN or name 'nope'"):
        env.complete("nope")
    bedrock.create_model_import_job(**import_job_request())
    env.complete("import-job-1")
    with pytest.raises(ValueError, match="has already finished"):
        env.fail("import-job-1")
    with pytest.raises(ValueError, match="the clock only advances forward"):
        env.clock.advance(seconds=-1)
    with pytest.raises(ValueError, match="unknown job kind"):
        env.fail_next("model_baking")
    with pytest.raises(TypeError, match="got '60'; pass a number, not a string"):
        env.set_duration("model_import", "60")  # type: ignore[arg-type]


def test_a_malformed_control_request_is_refused_clearly(bedrock_jobs_server: RunningServer) -> None:
    url = bedrock_jobs_server.url
    status, body = _post(url, "/_mock/complete", {"arn": "x"})
    assert (status, body["error"]) == (400, "TypeError")
    assert "unexpected keyword argument 'arn'" in body["message"]
    status, body = _post(url, "/_mock/no-such-control", {})
    assert (status, body) == (
        404,
        {"error": "LookupError", "message": "no control answers POST /_mock/no-such-control"},
    )
    status, body = _post(url, "/_mock/settle", [1, 2])
    assert (status, body["error"]) == (400, "ValueError")


def test_scripted_outcomes_and_durations(env: Controls, bedrock: Any) -> None:
    env.fail_next("model_import", message="scripted")
    env.set_duration("model_import", timedelta(minutes=2))
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.clock.advance(minutes=2)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == ("Failed", "scripted")


def test_an_injected_error_answers_the_next_call(env: Controls, bedrock: Any) -> None:
    env.inject_error("ListModelImportJobs", "ThrottlingException", message="slow down")
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_model_import_jobs()
    assert error_of(excinfo) == ("ThrottlingException", "slow down", 429)
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    with pytest.raises(ValueError, match="pass service="):
        env.inject_error("TagResource", "ThrottlingException")


def test_calls_and_state(env: Controls, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    calls = env.calls
    assert [(c.service, c.operation, c.account, c.region, c.error) for c in calls] == [
        ("bedrock", "CreateModelImportJob", "123456789012", "us-east-1", None)
    ]
    assert calls[0].input["jobName"] == "import-job-1"
    assert calls[0].time == START
    state = env.state()
    (job,) = state.jobs["model_import"]
    assert (state.account, state.region, job.arn, job["status"]) == (
        "123456789012",
        "us-east-1",
        arn,
        "InProgress",
    )
    assert job["creationTime"] == START
    assert env.state(account="111122223333").jobs["model_import"] == ()
    assert env.state(region="us-west-2").models["imported_model"] == ()


def test_share_and_unshare_a_model(bedrock_jobs_server: RunningServer, env: Controls) -> None:
    owner = client_of(bedrock_jobs_server.url, "bedrock", account="111111111111")
    other = client_of(bedrock_jobs_server.url, "bedrock", account="222222222222")
    model_arn = customize(env, owner, "tuned")
    env.share_model(model_arn, with_account="222222222222")
    shared = other.list_custom_models(isOwned=False)["modelSummaries"]
    assert [summary["modelArn"] for summary in shared] == [model_arn]
    env.unshare_model(model_arn, with_account="222222222222")
    assert other.list_custom_models(isOwned=False)["modelSummaries"] == []
    with pytest.raises(ValueError, match="with_account must be 12 digits"):
        env.share_model(model_arn, with_account="me")


def test_reset_drops_everything(env: Controls, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    env.clock.advance(hours=1)
    env.reset()
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    assert env.calls[-1].operation == "ListModelImportJobs"
    assert len(env.calls) == 1
    assert env.clock.now() == START


def _post_raw(url: str, path: str, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(url + path, data=body, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_huge_count_costs_one_entry(env: Controls, bedrock: Any) -> None:
    env.fail_next("model_import", message="scripted", count=100_000_000)
    env.inject_error("GetModelImportJob", "ThrottlingException", count=10**9)
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_import_job(jobIdentifier=arn)
    assert error_of(excinfo)[0] == "ThrottlingException"
    assert env.state().jobs["model_import"][0]["failureMessage"] == "scripted"


@pytest.mark.parametrize(
    ("path", "arguments", "error", "message"),
    [
        (
            "fail-next",
            {"kind": "model_import", "count": 1e8},
            "TypeError",
            "count must be an integer, got 100000000.0",
        ),
        (
            "fail-next",
            {"kind": "model_import", "message": 5},
            "TypeError",
            "message must be a string, got 5",
        ),
        (
            "inject-error",
            {"operation": "ListModelImportJobs", "code": "ThrottlingException", "count": "2"},
            "TypeError",
            "count must be an integer, got '2'",
        ),
        ("clock/set", {"moment": 5}, "TypeError", "moment must be a datetime, got 5"),
        (
            "clock/advance-to",
            {"moment": [2030]},
            "TypeError",
            "moment must be a datetime, got [2030]",
        ),
        ("clock/set", {"moment": "soon"}, "ValueError", "Invalid isoformat string: 'soon'"),
        (
            "clock/advance",
            {"delta": "5"},
            "TypeError",
            "delta must be a timedelta or a number of seconds, got '5'; pass a number",
        ),
        (
            "clock/advance",
            {"days": 1e10},
            "OverflowError",
            "the clock cannot advance that far (",
        ),
        (
            "clock/advance",
            {"seconds": {"$seconds": "x"}},
            "TypeError",
            "unsupported type for timedelta seconds component: str",
        ),
    ],
)
def test_arguments_of_the_wrong_type_or_range_are_refused(
    bedrock_jobs_server: RunningServer, path: str, arguments: Any, error: str, message: str
) -> None:
    status, body = _post(bedrock_jobs_server.url, f"/_mock/{path}", arguments)
    assert (status, body["error"]) == (400, error)
    assert body["message"].startswith(message)


def test_the_client_raises_what_in_process_raises(env: Controls) -> None:
    with pytest.raises(OverflowError, match="the clock cannot advance that far"):
        env.clock.advance(days=1e10)
    with pytest.raises(OverflowError, match="past the year 9999"):
        env.clock.advance(days=999_999_999)
    with pytest.raises(TypeError, match="count must be an integer"):
        env.inject_error("ListModelImportJobs", "ThrottlingException", count=1.5)  # type: ignore[arg-type]
    assert env.clock.now() == START


def test_deeply_nested_json_is_refused(bedrock_jobs_server: RunningServer) -> None:
    status, body = _post_raw(bedrock_jobs_server.url, "/_mock/settle", b"[" * 100_000)
    assert (status, body) == (
        400,
        {"error": "ValueError", "message": "it nests deeper than 100 levels"},
    )


def test_the_clock_advances_to_a_moment(bedrock_jobs_server: RunningServer, env: Controls) -> None:
    later = START + timedelta(hours=1)
    assert env.clock.advance_to(later) == later
    assert env.clock.advance_to(START) == later
    status, body = _post(
        bedrock_jobs_server.url, "/_mock/clock/advance-to", {"moment": "2030-01-02T03:04:05Z"}
    )
    assert (status, body) == (200, {"now": {"$datetime": "2030-01-02T03:04:05+00:00"}})


def test_calls_inputs_are_read_only_as_in_process(env: Controls, bedrock: Any) -> None:
    bedrock.list_model_import_jobs(maxResults=5)
    (call,) = env.calls
    assert isinstance(call.input, MappingProxyType)
    assert call.input == {"maxResults": 5}


#: The public members of ``env`` that have no route and no client method, and why.
IN_PROCESS_ONLY = {
    "backend": "the mock's state itself, which lives in the server's process",
    "respond_to_records": "a function of the test's own, which cannot travel to the server",
    "score_evaluations": "a function of the test's own, which cannot travel to the server",
}
#: Routes that are no control of ``env``, and why.
SERVER_ONLY = {"health": "whether the server answers; in-process there is nothing to ask"}


def _public(kind: type) -> set[str]:
    return {name for name in dir(kind) if not name.startswith("_")}


def _parameters(member: Any) -> list[str]:
    return list(inspect.signature(member).parameters)


def test_every_control_has_a_route_and_a_client_method_of_the_same_signature() -> None:
    """``env``, the control endpoint and ``server.Controls`` cannot drift apart."""
    routes = {path for _, path in ROUTES}
    expected = set(SERVER_ONLY)
    for name in sorted(_public(HostedControls) - set(IN_PROCESS_ONLY) - {"clock"}):
        expected.add(name.replace("_", "-"))
        in_process, remote = getattr(HostedControls, name), getattr(Controls, name)
        if isinstance(in_process, property):
            assert isinstance(remote, property), name
        else:
            assert _parameters(remote) == _parameters(in_process), name
    for name in sorted(_public(MockClock)):
        expected.add("clock" if name == "now" else f"clock/{name.replace('_', '-')}")
        assert _parameters(getattr(RemoteClock, name)) == _parameters(getattr(MockClock, name))
    assert routes == expected
    assert _public(Controls) - _public(HostedControls) == {
        "health",
        "wait_until_ready",
        "endpoint_url",  # the session's endpoint for the SDKs
        "drop_session",  # the server's, not the mock's: DELETE /_session/<name>
    }


@pytest.mark.bedrock_jobs_server(calls_kept=2)
def test_the_server_keeps_the_latest_calls_it_is_told_to(env: Controls, bedrock: Any) -> None:
    for size in (1, 2, 3):
        bedrock.list_model_import_jobs(maxResults=size)
    assert [call.input["maxResults"] for call in env.calls] == [2, 3]
