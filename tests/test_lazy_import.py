"""Importing the package loads no service module, no service model, no asyncio and no
unittest: those come with the first request or the first mock (issue 10's import budget)."""

from __future__ import annotations

import subprocess
import sys

import boto3
import pytest

from bedrock_jobs_mock import mock_bedrock_jobs

CHECK = """
import sys
import bedrock_jobs_mock
from bedrock_jobs_mock.engine.servicemodel import service_model
assert service_model.cache_info().currsize == 0, service_model.cache_info()
# The package bedrock_jobs_mock.services itself is only the hook that loads them on first need.
loaded = [
    name
    for name in sys.modules
    if name.startswith(("bedrock_jobs_mock.services.", "asyncio", "unittest"))
]
assert not loaded, loaded
"""


def test_importing_the_package_loads_no_service_and_no_model() -> None:
    subprocess.run([sys.executable, "-c", CHECK], check=True)


def test_the_first_request_finds_every_handler() -> None:
    with mock_bedrock_jobs():
        client = boto3.client("lookoutequipment", region_name="us-east-1")
        assert client.list_models()["ModelSummaries"] == []


THREADS_AT_ONCE = """
from concurrent.futures import ThreadPoolExecutor
import bedrock_jobs_mock.services  # tells the dispatch how to load the handlers
from bedrock_jobs_mock.engine.dispatch import is_served
with ThreadPoolExecutor(16) as pool:
    seen = list(pool.map(lambda _: is_served("bedrock", "GetCustomModel"), range(64)))
assert all(seen), seen
"""


def test_threads_that_need_the_handlers_at_once_all_find_them() -> None:
    subprocess.run([sys.executable, "-c", THREADS_AT_ONCE], check=True)


def test_loading_the_pytest_plugin_imports_neither_boto3_nor_botocore(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_unrelated():
            assert "bedrock_jobs_mock.integrations.pytest_plugin" in sys.modules
            heavy = ("boto3", "botocore", "bedrock_jobs_mock.engine", "bedrock_jobs_mock.mock")
            loaded = [name for name in sys.modules if name.startswith(heavy)]
            assert not loaded, loaded
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


ONE_SERVICE = """
import sys
import boto3
import botocore.loaders
from bedrock_jobs_mock import mock_bedrock_jobs

read = []
load_file = botocore.loaders.JSONFileLoader.load_file


def counted(self, file_path):
    data = load_file(self, file_path)
    if data is not None:  # not a place the loader looked in vain (AWS_DATA_PATH's)
        read.append(file_path)
    return data


botocore.loaders.JSONFileLoader.load_file = counted
with mock_bedrock_jobs():
    client = boto3.client("{called}", region_name="us-east-1")
    client.{method}()
other = "{other}"
loaded = [name for name in sys.modules if name.startswith("bedrock_jobs_mock.services." + other)]
assert not loaded, loaded
models = [path for path in read if path.endswith("service-2")]
assert len(models) == 1 and "{called}" in models[0], models
"""


@pytest.mark.parametrize(
    ("called", "method", "other"),
    [
        ("bedrock", "list_custom_models", "lookoutequipment"),
        ("lookoutequipment", "list_datasets", "bedrock"),
        ("bedrock-agent", "list_knowledge_bases", "lookoutequipment"),
    ],
)
def test_a_first_call_loads_its_own_service_and_reads_its_model_once(
    called: str, method: str, other: str
) -> None:
    script = ONE_SERVICE.format(called=called, method=method, other=other)
    subprocess.run([sys.executable, "-c", script], check=True)
