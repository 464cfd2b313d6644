"""The decorator, the context manager, the fixture and the marker."""

from __future__ import annotations

import asyncio
import io
import unittest
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from tests.conftest import assert_blocked
from tests.factories import import_job_request


def _client() -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _create_and_count() -> int:
    client = _client()
    client.create_model_import_job(**import_job_request())
    return len(client.list_model_import_jobs()["modelImportJobSummaries"])


def test_bare_decorator_gives_each_call_fresh_state() -> None:
    decorated = mock_bedrock_jobs(_create_and_count)
    assert decorated() == 1
    assert decorated() == 1  # the job name would be in use if state survived
    assert decorated.__name__ == "_create_and_count"
    assert_blocked(_client().list_imported_models)


def test_decorator_with_options() -> None:
    start = datetime(2024, 8, 13, 19, 36, 33, tzinfo=timezone.utc)

    @mock_bedrock_jobs(start_time=start, durations={"model_import": 60})
    def run() -> tuple[str, Any]:
        client = _client()
        arn = client.create_model_import_job(**import_job_request())["jobArn"]
        return arn, client.get_model_import_job(jobIdentifier=arn)["creationTime"]

    _, created = run()
    assert created == start


def test_decorator_on_an_async_function() -> None:
    @mock_bedrock_jobs
    async def run() -> int:
        await asyncio.sleep(0)
        return _create_and_count()

    assert asyncio.run(run()) == 1
    assert_blocked(_client().list_imported_models)


def test_decorator_on_a_class_mocks_each_test_method() -> None:
    @mock_bedrock_jobs
    class Suite:
        def test_one(self) -> int:
            return _create_and_count()

        def test_two(self) -> int:
            return _create_and_count()

        def helper(self) -> None:
            _client().list_imported_models()

    suite = Suite()
    assert (suite.test_one(), suite.test_two()) == (1, 1)
    assert_blocked(suite.helper)


def test_decorator_on_a_unittest_case_covers_set_up() -> None:
    seen: list[int] = []

    @mock_bedrock_jobs
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            _client().create_model_import_job(**import_job_request())

        def test_job_from_set_up_is_visible(self) -> None:
            listed = _client().list_model_import_jobs()["modelImportJobSummaries"]
            seen.append(len(listed))

    result = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(Case)
    )
    assert result.wasSuccessful(), result.errors + result.failures
    assert seen == [1]
    assert_blocked(_client().list_imported_models)


def test_context_manager_yields_the_mock() -> None:
    with mock_bedrock_jobs() as env:
        assert isinstance(env, BedrockJobsMock)
        assert _create_and_count() == 1


def test_fixture_and_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from datetime import datetime, timezone

        import boto3
        import pytest

        REQUEST = dict(
            jobName="job",
            importedModelName="model",
            roleArn="arn:aws:iam::123456789012:role/r",
            modelDataSource={"s3DataSource": {"s3Uri": "s3://bucket-a/k/"}},
        )

        def test_fixture_is_an_active_mock(bedrock_jobs):
            client = boto3.client("bedrock", region_name="us-east-1")
            client.create_model_import_job(**REQUEST)
            bedrock_jobs.clock.advance(minutes=15)
            assert client.get_model_import_job(jobIdentifier="job")["status"] == "Completed"

        @pytest.mark.bedrock_jobs(
            account_id="210987654321",
            start_time=datetime(2025, 1, 1, tzinfo=timezone.utc),
            durations={"model_import": 5},
        )
        def test_marker_configures_it(bedrock_jobs):
            client = boto3.client("bedrock", region_name="us-east-1")
            arn = client.create_model_import_job(**REQUEST)["jobArn"]
            assert ":210987654321:" in arn
            assert bedrock_jobs.clock.now() == datetime(2025, 1, 1, tzinfo=timezone.utc)
            bedrock_jobs.clock.advance(seconds=5)
            assert client.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"

        @pytest.mark.bedrock_jobs("positional")
        def test_marker_refuses_positional_options(bedrock_jobs):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        ["*TypeError: @pytest.mark.bedrock_jobs takes keyword options only"]
    )
