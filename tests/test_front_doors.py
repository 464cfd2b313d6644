"""The decorator, the context manager, the fixture and the marker."""

from __future__ import annotations

import asyncio
import io
import unittest
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import BedrockJobsMock, IgnoredOptionsWarning, mock_bedrock_jobs
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


def test_a_decorated_class_runs_every_kind_of_test_method_inside_the_mock() -> None:
    class Base:
        def test_inherited(self) -> int:
            return _create_and_count()

    @mock_bedrock_jobs
    class Suite(Base):
        @staticmethod
        def test_static() -> int:
            return _create_and_count()

        @classmethod
        def test_class(cls) -> int:
            return _create_and_count()

        async def test_async(self) -> int:
            return _create_and_count()

    suite = Suite()
    assert (suite.test_inherited(), Suite.test_static(), Suite.test_class()) == (1, 1, 1)
    assert asyncio.run(suite.test_async()) == 1
    assert_blocked(Base().test_inherited)  # the base class itself is left as it was


def test_a_subclass_decorated_again_runs_inside_its_own_mock_only() -> None:
    @mock_bedrock_jobs(account_id="111111111111")
    class Base:
        def test_account(self) -> str:
            return str(_client().create_model_import_job(**import_job_request())["jobArn"])

    @mock_bedrock_jobs(account_id="222222222222")
    class Sub(Base):
        pass

    assert ":111111111111:" in Base().test_account()
    assert ":222222222222:" in Sub().test_account()  # no warning: one mock, not two


def test_pytest_runs_a_decorated_class_inside_one_mock_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        from bedrock_jobs_mock import mock_bedrock_jobs

        REQUEST = dict(
            importedModelName="model",
            roleArn="arn:aws:iam::123456789012:role/r",
            modelDataSource={"s3DataSource": {"s3Uri": "s3://bucket-a/k/"}},
        )

        def names():
            client = boto3.client("bedrock", region_name="us-east-1")
            jobs = client.list_model_import_jobs()["modelImportJobSummaries"]
            return [job["jobName"] for job in jobs]

        class Base:
            def setup_method(self, method):
                client = boto3.client("bedrock", region_name="us-east-1")
                name = method.__name__.replace("_", "-")
                client.create_model_import_job(jobName=name, **REQUEST)

            def test_inherited(self):
                assert names() == ["test-inherited"]

        @mock_bedrock_jobs
        class TestJobs(Base):
            def teardown_method(self):
                assert len(names()) == 1  # still inside the test's mock

            def test_own(self):
                assert names() == ["test-own"]

            @staticmethod
            def test_static():
                assert len(names()) == 1

            @classmethod
            def test_class(cls):
                assert len(names()) == 1
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_marker_alone_turns_the_mock_on(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(autouse=True)
        def no_real_credentials(monkeypatch):
            # runs before the marker's mock starts: the mock's fake keys stay in place
            monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
        """
    )
    pytester.makepyfile(
        """
        import boto3
        import pytest

        REQUEST = dict(
            jobName="job",
            importedModelName="model",
            roleArn="arn:aws:iam::123456789012:role/r",
            modelDataSource={"s3DataSource": {"s3Uri": "s3://bucket-a/k/"}},
        )

        @pytest.fixture
        def job_arn():
            client = boto3.client("bedrock", region_name="us-east-1")
            return client.create_model_import_job(**REQUEST)["jobArn"]

        @pytest.mark.bedrock_jobs(account_id="210987654321")
        def test_marker_alone(job_arn):
            assert ":210987654321:" in job_arn  # the test's fixtures run inside it too
            client = boto3.client("bedrock", region_name="us-east-1")
            assert client.get_model_import_job(jobIdentifier=job_arn)["status"] == "InProgress"

        @pytest.mark.bedrock_jobs(account_id="210987654321")
        class TestMarkedClass:
            def test_in_a_marked_class(self, job_arn):
                assert ":210987654321:" in job_arn

        @pytest.mark.bedrock_jobs(account_id="210987654321")
        def test_marker_and_fixture_give_one_mock(bedrock_jobs, job_arn):
            assert ":210987654321:" in job_arn
            assert [call.operation for call in bedrock_jobs.calls] == ["CreateModelImportJob"]

        @pytest.mark.bedrock_jobs_server
        def test_the_server_marker_alone_starts_nothing():
            keys = dict(aws_access_key_id="AKIAEXAMPLEKEY", aws_secret_access_key="secret")
            client = boto3.client("bedrock", region_name="us-east-1", **keys)
            with pytest.raises(Exception, match="'bedrock.us-east-1.amazonaws.com' blocked"):
                client.list_imported_models()
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_marker_help_lists_every_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.bedrock_jobs(**options): *(account_id, durations, quotas, start_time, "
            "virtual_sleep, moto_aware, requests, calls_kept, record_responder, "
            "evaluation_scorer, auto_tick, finish_after_reads, hang_after_reads)"
        ]
    )


def test_options_of_a_mock_that_joins_an_active_one_are_warned_of(bedrock_jobs: Any) -> None:
    @mock_bedrock_jobs(durations={"model_import": 5}, start_time=datetime(2025, 1, 1))
    def decorated() -> None:
        pass

    with pytest.warns(IgnoredOptionsWarning) as warned:
        decorated()
    assert str(warned[0].message).startswith(
        "mock_bedrock_jobs options ignored: durations, start_time. This mock started while "
        "another was active (the bedrock_jobs fixture, an outer decorator or `with`), so it "
        "joined that one, whose options apply. Give the options to the mock that starts first "
        "(the fixture's through @pytest.mark.bedrock_jobs(...)) and drop the other."
    )


@pytest.mark.bedrock_jobs(account_id="210987654321")
def test_a_joining_mock_without_options_of_its_own_is_not_warned_of(bedrock_jobs: Any) -> None:
    # virtual_sleep is the one option a joining mock adds
    same = mock_bedrock_jobs(account_id="210987654321")
    with mock_bedrock_jobs(), same, mock_bedrock_jobs(virtual_sleep=True):
        pass
    warned = pytest.warns(IgnoredOptionsWarning, match="options ignored: moto_aware")
    with warned, mock_bedrock_jobs(moto_aware=False):
        pass


def test_a_decorated_test_taking_the_fixture_is_warned_of(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from bedrock_jobs_mock import mock_bedrock_jobs

        @mock_bedrock_jobs(quotas={"imported_models": 10})
        def test_both(bedrock_jobs):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*IgnoredOptionsWarning: mock_bedrock_jobs options ignored: quotas.*"]
    )
