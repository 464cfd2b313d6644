"""Code that polls without sleeping: auto-tick, jobs that finish after N reads, and the guard
that ends a poll the mock clock would never answer (``PollingHangError``)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from bedrock_jobs_mock import PollingHangError, mock_bedrock_jobs
from tests.factories import (
    START,
    bring_model,
    customization_job_request,
    import_job_request,
    needs_operation,
)
from tests.families import FAMILIES, Family, bedrock_client
from tests.lookout_helpers import create_dataset, lookout_client

MANY = {"concurrent_model_import_jobs": 10, "imported_models": 10}
TERMINAL = {"Completed", "Failed", "Stopped", "Active", "InService", "SUCCESS", "FAILED"}


def poll(get: Any, status_of: Any = lambda answer: answer["status"]) -> tuple[Any, int]:
    """A bare ``while`` poll, as real code writes it: no sleep, no clock; the last answer
    and how many reads it took."""
    reads = 0
    while True:
        answer = get()
        reads += 1
        if status_of(answer) in TERMINAL:
            return answer, reads


# -- auto-tick -------------------------------------------------------------------------


def test_a_bare_poll_of_an_import_job_ends_with_auto_tick() -> None:
    with mock_bedrock_jobs(auto_tick=60, start_time=START) as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        job, reads = poll(lambda: bedrock.get_model_import_job(jobIdentifier=arn))
        # The create is answered at START, each request moves the clock 60 s after its
        # answer: the 15th read is the first one at START + 15 minutes.
        assert (job["status"], reads) == ("Completed", 15)
        assert job["endTime"] == START + timedelta(minutes=15)
        assert env.clock.now() == START + timedelta(minutes=16)


def test_a_bare_poll_of_a_customization_job_ends_with_auto_tick() -> None:
    with mock_bedrock_jobs(auto_tick=timedelta(minutes=5), start_time=START):
        bedrock = bedrock_client()
        arn = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
        job, reads = poll(lambda: bedrock.get_model_customization_job(jobIdentifier=arn))
        assert (job["status"], reads) == ("Completed", 10)
        assert job["endTime"] == START + timedelta(minutes=50)


@needs_operation("CreateCustomModelDeployment")
def test_a_bare_poll_of_a_deployment_ends_with_auto_tick() -> None:
    with mock_bedrock_jobs(auto_tick=60, start_time=START) as env:
        bedrock = bedrock_client()
        model_arn = bring_model(env, bedrock)
        created = env.clock.now()
        arn = bedrock.create_custom_model_deployment(
            modelDeploymentName="poll-me", modelArn=model_arn
        )["customModelDeploymentArn"]
        deployment, reads = poll(
            lambda: bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
        )
        assert (deployment["status"], reads) == ("Active", 10)
        assert deployment["createdAt"] == created


def test_auto_tick_composes_with_virtual_sleep_and_advance() -> None:
    with mock_bedrock_jobs(auto_tick=30, virtual_sleep=True, start_time=START) as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        env.clock.advance(minutes=5)
        reads = 0
        while bedrock.get_model_import_job(jobIdentifier=arn)["status"] != "Completed":
            reads += 1
            time.sleep(30)  # with the tick after each read: a minute a round
        # 30 s after the create, 5 minutes advanced, then a minute a round: 10 minutes more.
        assert reads == 10
        assert env.clock.now() == START + timedelta(seconds=30 + 300 + 600 + 30)


def test_set_auto_tick_turns_it_on_changes_it_and_turns_it_off() -> None:
    with mock_bedrock_jobs(start_time=START) as env:
        bedrock = bedrock_client()
        bedrock.list_model_import_jobs()
        assert env.clock.now() == START
        env.set_auto_tick(timedelta(seconds=90))
        bedrock.list_model_import_jobs()
        assert env.clock.now() == START + timedelta(seconds=90)
        env.set_auto_tick(None)
        bedrock.list_model_import_jobs()
        assert env.clock.now() == START + timedelta(seconds=90)
        assert [call.time for call in env.calls] == [START, START, START + timedelta(seconds=90)]


def test_every_answered_request_ticks_a_refused_one_too() -> None:
    with mock_bedrock_jobs(auto_tick=10, start_time=START) as env:
        bedrock = bedrock_client()
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            bedrock.get_model_import_job(jobIdentifier="nowhere")
        assert env.clock.now() == START + timedelta(seconds=10)


@pytest.mark.parametrize(
    ("step", "error", "message"),
    [
        (0, ValueError, "auto_tick must be positive (None turns it off), got 0"),
        (-5, ValueError, "auto_tick must be positive (None turns it off), got -5"),
        ("60", TypeError, "auto_tick must be a timedelta or a number of seconds, got '60'"),
    ],
)
def test_an_auto_tick_that_is_not_a_positive_length_is_refused(
    step: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        mock_bedrock_jobs(auto_tick=step)
    assert str(raised.value).startswith(message)
    with mock_bedrock_jobs() as env, pytest.raises(error) as raised:
        env.set_auto_tick(step)
    assert str(raised.value).startswith(message)


@pytest.mark.bedrock_jobs(auto_tick=60, start_time=START)
def test_auto_tick_through_the_marker(bedrock_jobs: Any) -> None:
    bedrock = bedrock_client()
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    assert poll(lambda: bedrock.get_model_import_job(jobIdentifier=arn))[1] == 15


# -- finish after N reads --------------------------------------------------------------


@pytest.fixture(params=FAMILIES, ids=[family.kind for family in FAMILIES])
def family(request: pytest.FixtureRequest) -> Family:
    chosen: Family = request.param
    return chosen


def test_a_kind_finishes_on_its_nth_read(family: Family) -> None:
    with mock_bedrock_jobs(quotas=MANY, finish_after_reads={family.kind: 3}) as env:
        read = family.start(env, 0)
        still = env.clock.now()
        assert read()[0] not in (family.completed, family.failed)
        assert read()[0] not in (family.completed, family.failed)
        assert read() == (family.completed, None)
        assert env.clock.now() == still  # the clock never moved
        other = family.start(env, 1)  # each job counts its own reads
        assert other()[0] != family.completed
        assert [other()[0], other()[0]][-1] == family.completed


def test_one_job_finishes_on_its_nth_read_as_scripted(family: Family) -> None:
    with mock_bedrock_jobs(quotas=MANY) as env:
        read = family.start(env, 0)
        env.fail_next(family.kind, message="Scripted.")
        scripted = family.start(env, 1)
        job = env.state().jobs[family.kind][-1]
        env.finish_after_reads(job.arn, 2)
        assert scripted()[0] not in (family.completed, family.failed)
        assert scripted() == (family.failed, "Scripted.")
        assert read()[0] not in (family.completed, family.failed)  # no rule for it


def test_a_job_rule_wins_over_its_kind_and_reads_before_a_rule_do_not_count() -> None:
    with mock_bedrock_jobs(quotas=MANY) as env:
        bedrock = bedrock_client()
        first = bedrock.create_model_import_job(**import_job_request("one", "one"))["jobArn"]
        second = bedrock.create_model_import_job(**import_job_request("two", "two"))["jobArn"]
        for _ in range(5):
            bedrock.get_model_import_job(jobIdentifier=first)
        env.finish_after_reads("model_import", 2)
        env.finish_after_reads("one", 4)  # by name
        statuses = [bedrock.get_model_import_job(jobIdentifier=first)["status"] for _ in range(4)]
        assert statuses == ["InProgress", "InProgress", "InProgress", "Completed"]
        statuses = [bedrock.get_model_import_job(jobIdentifier=second)["status"] for _ in range(2)]
        assert statuses == ["InProgress", "Completed"]


def test_lists_are_not_reads_and_a_rule_can_be_dropped() -> None:
    with mock_bedrock_jobs(finish_after_reads={"model_import": 2}) as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        for _ in range(3):
            assert bedrock.list_model_import_jobs()["modelImportJobSummaries"][0]["status"] == (
                "InProgress"
            )
        assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
        env.finish_after_reads("model_import", None)
        for _ in range(3):
            assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"


def test_a_batch_job_runs_its_remaining_phases_on_its_nth_read() -> None:
    family = next((f for f in FAMILIES if f.kind == "model_invocation"), None)
    if family is None:
        pytest.skip("this botocore has no batch inference")
    with mock_bedrock_jobs(finish_after_reads={"model_invocation": 2}) as env:
        read = family.start(env, 0)
        assert read()[0] == "Submitted"
        assert read()[0] == "Completed"
        job = env.state().jobs["model_invocation"][0]
        assert job.details["endTime"] == env.clock.now()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            ("model_imports", 2),
            LookupError,
            "no job has the ARN or name 'model_imports', nor is it a kind of job "
            "(custom_model_creation, custom_model_deployment, ingestion_job, knowledge_base, "
            "knowledge_base_document, lookout_model_import, lookout_model_training, model_copy, "
            "model_customization, model_evaluation, model_import, model_invocation, "
            "provisioned_throughput)",
        ),
        (("model_import", 0), ValueError, "reads must be at least 1, got 0"),
        (("model_import", "2"), TypeError, "reads must be an integer, got '2'"),
    ],
)
def test_finish_after_reads_refuses_what_names_no_job(
    arguments: tuple[Any, Any], error: type[Exception], message: str
) -> None:
    with mock_bedrock_jobs() as env, pytest.raises(error) as raised:
        env.finish_after_reads(*arguments)
    assert message in str(raised.value)


def test_finish_after_reads_refuses_a_finished_job_and_unknown_kinds_as_options() -> None:
    with mock_bedrock_jobs() as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        env.settle()
        with pytest.raises(ValueError, match="has already finished"):
            env.finish_after_reads(arn, 1)
    with pytest.raises(ValueError, match=r"unknown job kinds \['imports'\]"):
        mock_bedrock_jobs(finish_after_reads={"imports": 1})
    with pytest.raises(ValueError, match="finish_after_reads must be at least 1, got 0"):
        mock_bedrock_jobs(finish_after_reads={"model_import": 0})


@pytest.mark.bedrock_jobs(finish_after_reads={"model_customization": 3})
def test_finish_after_reads_through_the_marker(bedrock_jobs: Any) -> None:
    bedrock = bedrock_client()
    arn = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
    _, reads = poll(lambda: bedrock.get_model_customization_job(jobIdentifier=arn))
    assert reads == 3


# -- the guard against polls that hang -------------------------------------------------


def _hang_message(arn: str, status: str, reads: int) -> str:
    return (
        f"bedrock-jobs-mock: {arn} ({status}) was read {reads} times in a row while the "
        "mock clock stood still, so it can never finish: the code polls without moving the "
        "mock clock. Move it: advance the clock in the test (env.clock.advance(...), "
        "env.settle()), let sleeps move it (mock_bedrock_jobs(virtual_sleep=True)), or let "
        "every request move it (mock_bedrock_jobs(auto_tick=seconds)); or finish the job "
        "after a number of reads (finish_after_reads). hang_after_reads=None turns this "
        "check off."
    )


def test_a_poll_that_never_moves_time_ends_with_the_guard_by_default() -> None:
    with mock_bedrock_jobs():
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        with pytest.raises(PollingHangError) as raised:
            poll(lambda: bedrock.get_model_import_job(jobIdentifier=arn))
        assert str(raised.value) == _hang_message(arn, "InProgress", 1001)
        assert raised.value.resource_arn == arn


def test_the_guard_counts_each_job_of_a_poll_over_several() -> None:
    with mock_bedrock_jobs(quotas=MANY, hang_after_reads=5):
        bedrock = bedrock_client()
        arns = [
            bedrock.create_model_import_job(**import_job_request(f"j{n}", f"m{n}"))["jobArn"]
            for n in range(2)
        ]
        for _ in range(5):
            for arn in arns:
                bedrock.get_model_import_job(jobIdentifier=arn)
        with pytest.raises(PollingHangError) as raised:
            bedrock.get_model_import_job(jobIdentifier=arns[0])
        assert str(raised.value) == _hang_message(arns[0], "InProgress", 6)


@needs_operation("CreateCustomModelDeployment")
def test_the_guard_names_the_status_of_each_family() -> None:
    with mock_bedrock_jobs(hang_after_reads=2) as env:
        bedrock = bedrock_client()
        model_arn = bring_model(env, bedrock)
        arn = bedrock.create_custom_model_deployment(
            modelDeploymentName="stuck", modelArn=model_arn
        )["customModelDeploymentArn"]
        with pytest.raises(PollingHangError) as raised:
            poll(lambda: bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn))
        assert str(raised.value) == _hang_message(arn, "Creating", 3)


def test_the_guard_is_silent_for_polls_that_move_the_clock() -> None:
    with mock_bedrock_jobs(hang_after_reads=3, virtual_sleep=True) as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        assert poll(lambda: _after(time.sleep, 60, bedrock, arn))[1] == 15
        arn = bedrock.create_model_import_job(**import_job_request("two", "two"))["jobArn"]
        assert poll(lambda: _after(env.clock.advance, 60, bedrock, arn))[1] == 15
        env.set_auto_tick(60)
        arn = bedrock.create_model_import_job(**import_job_request("three", "three"))["jobArn"]
        assert poll(lambda: bedrock.get_model_import_job(jobIdentifier=arn))[1] == 15


def _after(move: Any, seconds: int, bedrock: Any, arn: str) -> Any:
    move(seconds)
    return bedrock.get_model_import_job(jobIdentifier=arn)


def test_the_guard_is_silent_for_finished_jobs_and_reads_between_changes() -> None:
    with mock_bedrock_jobs(quotas=MANY, hang_after_reads=3) as env:
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        for _ in range(3):
            bedrock.get_model_import_job(jobIdentifier=arn)
        bedrock.create_model_import_job(**import_job_request("other", "other"))  # a change
        for _ in range(3):
            bedrock.get_model_import_job(jobIdentifier=arn)
        env.complete(arn)
        for _ in range(10):  # a finished job: no poll waits on the clock for it
            assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"


def test_the_guard_can_be_turned_off() -> None:
    with mock_bedrock_jobs(hang_after_reads=None):
        bedrock = bedrock_client()
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        for _ in range(1100):
            bedrock.get_model_import_job(jobIdentifier=arn)
    with pytest.raises(ValueError, match="hang_after_reads must be at least 1, got 0"):
        mock_bedrock_jobs(hang_after_reads=0)


@pytest.mark.bedrock_jobs(hang_after_reads=2)
def test_the_guard_through_the_marker(bedrock_jobs: Any) -> None:
    bedrock = bedrock_client()
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    with pytest.raises(PollingHangError, match="was read 3 times in a row"):
        poll(lambda: bedrock.get_model_import_job(jobIdentifier=arn))


def test_a_lookout_model_described_is_a_read_of_the_version_it_trains() -> None:
    with mock_bedrock_jobs(finish_after_reads={"lookout_model_training": 2}):
        lookout = lookout_client()
        create_dataset(lookout)
        lookout.create_model(ModelName="pump", DatasetName="pump-data")
        statuses = [lookout.describe_model(ModelName="pump")["Status"] for _ in range(2)]
        assert statuses == ["IN_PROGRESS", "SUCCESS"]
