"""Property-based fuzzing of every served operation through boto3.

Requests are generated from each operation's input shape: valid ones (within
lengths, ranges and enums, strings drawn from names and ARNs that exist),
mutated ones (any text, any number, required members left out) and
wrong-typed ones (any JSON value anywhere), sent with botocore's own
parameter validation off. Every answer must be a success or a ``ClientError``
with a code the operation declares or a generic one (never one the mock
answers only when a test injects it); a Python exception out of the mock
fails the test. Requests botocore cannot even serialize are discarded.
``BEDROCK_JOBS_MOCK_FUZZ_EXAMPLES`` sets the examples per operation and kind
(default 15; a nightly run may use thousands).

The resources requests name exist in the state each operation needs to
succeed, and a separate test proves it: valid requests, drawn from the same
strategy in an order a seed fixes, are sent to each operation until one
succeeds.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from bedrock_jobs_mock import mock_bedrock_jobs
from bedrock_jobs_mock.doors import botocore_hook
from bedrock_jobs_mock.engine.regex import compile_java
from bedrock_jobs_mock.engine.servicemodel import service_model
from tests.batch_helpers import batch_job_request
from tests.factories import (
    bedrock_client,
    bring_model,
    copy_model,
    customization_job_request,
    customize,
    has_operation,
    import_job_request,
    served_by_this_botocore,
)
from tests.lookout_helpers import (
    DEFAULT_ACCOUNT,
    OWNER,
    create_dataset,
    lookout_client,
    policy,
    train_model,
)

EXAMPLES = int(os.environ.get("BEDROCK_JOBS_MOCK_FUZZ_EXAMPLES", "15"))
START = datetime(2024, 8, 13, tzinfo=timezone.utc)
#: Errors any operation may answer, whether or not its model declares them.
GENERIC_ERRORS = {
    "ValidationException",
    "SerializationException",
    "AccessDeniedException",
    "ThrottlingException",
}
#: Errors the mock answers only when a test injects them (``env.inject_error``), which the
#: fuzz never does, though every operation declares them.
INJECTED_ONLY = {"InternalServerException"}
#: Valid requests sent to an operation, at most, until one succeeds.
SUCCESS_BUDGET = 2000
#: Operations (``service:operation``) no valid request is expected to succeed at, each with
#: the reason. The success test fails when any other operation never succeeds, and when one
#: listed here does.
NEVER_SUCCEEDS: dict[str, str] = {}
KINDS = ("valid", "mutated", "wrong-typed")
_NAME_CHARACTERS = "abcxyz019-"

_any_json: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
_timestamps = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
)


def _size(shape: Shape, kind: str, default_max: int) -> tuple[int, int]:
    if kind != "valid":
        return 0, default_max
    low = int(shape.metadata.get("min", 0))
    return low, max(low, min(int(shape.metadata.get("max", default_max)), default_max))


def _values(shape: Shape, kind: str, pool: list[str], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of ``shape``, as the ``kind`` of request wants them."""
    if kind == "wrong-typed":
        return _any_json | _typed(shape, "valid", pool, depth)
    return _typed(shape, kind, pool, depth)


def _typed(shape: Shape, kind: str, pool: list[str], depth: int) -> st.SearchStrategy[Any]:
    type_name = shape.type_name
    if type_name == "structure":
        members = {
            name: _values(member, kind, pool, depth + 1)
            for name, member in shape.members.items()
            if depth < 4 and member.serialization.get("location") != "header"
        }
        required = {name: members.pop(name) for name in shape.required_members if name in members}
        if kind != "valid":
            members.update(required)
            required = {}
        if shape.metadata.get("union") and kind == "valid":
            return st.one_of(
                [st.fixed_dictionaries({name: value}) for name, value in members.items()]
            )
        return st.fixed_dictionaries(required, optional=members)
    if type_name == "list":
        low, high = _size(shape, kind, 3)
        return st.lists(_values(shape.member, kind, pool, depth + 1), min_size=low, max_size=high)
    if type_name == "map":
        low, high = _size(shape, kind, 3)
        keys = _values(shape.key, kind, pool, depth + 1)
        return st.dictionaries(keys, _values(shape.value, kind, pool, depth + 1), max_size=high)
    if type_name == "string":
        return _strings(shape, kind, pool)
    if type_name in ("integer", "long"):
        if kind == "valid":
            return st.integers(
                shape.metadata.get("min", -(2**31)), shape.metadata.get("max", 2**31)
            )
        return st.integers()
    if type_name in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False)
    if type_name == "boolean":
        return st.booleans()
    if type_name == "timestamp":
        return _timestamps
    if type_name == "blob":
        return st.binary(max_size=16)
    return _any_json


def _strings(shape: Shape, kind: str, pool: list[str]) -> st.SearchStrategy[str]:
    """Valid: an enum value, or an existing name or ARN that fits the shape, else short
    names; otherwise any of those or any text. Every ARN of the pool is one the mock
    minted, so it fits a pattern that names its resource type even where an older model's
    pattern predates it (docs/fidelity.md)."""
    low, high = _size(shape, kind, 40)
    pattern = shape.metadata.get("pattern")
    fitting = [
        value
        for value in pool
        if low <= len(value) <= int(shape.metadata.get("max", len(value)))
        and (
            pattern is None
            or compile_java(pattern).fullmatch(value)
            or _names_its_type(pattern, value)
        )
    ]
    names = st.text(_NAME_CHARACTERS, min_size=max(low, 1), max_size=max(high, 1))
    valid = st.sampled_from(shape.enum or fitting) if shape.enum or fitting else names
    if kind == "valid":
        return valid
    return valid | st.sampled_from(pool) | st.text(min_size=low, max_size=high)


def _names_its_type(pattern: str, value: str) -> bool:
    """Whether ``value`` is an ARN whose resource type ``pattern`` names as a whole word."""
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return False
    resource_type = re.split(r"[/:]", parts[5], maxsplit=1)[0]
    return re.search(rf"(?<![\w-]){re.escape(resource_type)}(?![\w-])", pattern) is not None


def _declared_errors(operation: OperationModel) -> set[str]:
    return ({shape.name for shape in operation.error_shapes} | GENERIC_ERRORS) - INJECTED_ONLY


class _Spy:
    """Records whether a request reached the mock, and any exception that escaped it."""

    def __init__(self) -> None:
        self.reached = False
        self.escaped: BaseException | None = None
        self._handle = botocore_hook.handle

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.reached = True
        try:
            return self._handle(*args, **kwargs)
        except BaseException as error:
            self.escaped = error
            raise


def _resource_names(env: Any) -> list[str]:
    """Names and ARNs of resources of every kind, for requests to pick from: each served
    operation finds among them a resource in the state it needs to succeed (an Active
    deployment, an InService throughput, a running customization job, a model with a
    policy, a model shared by another account, ...)."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    pool = _bedrock_resources(env, bedrock) + _lookout_resources(env)
    pool += _running_jobs(bedrock)
    pool += ["amazon.titan-text-express-v1", THROUGHPUT_BASE, "alias/models"]
    pool += ["arn:aws:iam::123456789012:role/Role", "s3://amzn-s3-demo-bucket/data/", policy()]
    return pool


#: A foundation model Provisioned Throughput can be bought for.
THROUGHPUT_BASE = "amazon.titan-text-lite-v1:0:4k"
#: Whether this botocore has CreateCustomModel, and the custom model deployments (asked
#: once: each question loads the service model afresh).
BRINGS_MODELS = has_operation("bedrock", "CreateCustomModel")
DEPLOYS_MODELS = has_operation("bedrock", "CreateCustomModelDeployment")


def _bedrock_resources(env: Any, bedrock: Any) -> list[str]:
    """Bedrock resources of the default account, every job finished (the clock settled):
    an import job and its model, a customization job and its model, Provisioned Throughput
    for a foundation model, a model another account shares with the default one and, where
    this botocore has the operations and lets a customized model be named by ARN, a copy
    job and its copy (served by a second throughput), a brought model and its deployment.
    The model of the customization job stays free, for DeleteCustomModel."""
    imported = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    tuned = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
    env.settle()
    custom = bedrock.get_custom_model(modelIdentifier="custom-model-1")["modelArn"]
    pool = [imported, tuned, "import-job-1", "tune-job-1", "imported-model-1", "custom-model-1"]
    pool += [bedrock.get_model_import_job(jobIdentifier=imported)["importedModelArn"], custom]
    shared = customize(env, bedrock_client(OWNER), "shared-model")
    env.share_model(shared, with_account=DEFAULT_ACCOUNT)
    pool += [shared]
    served = [("throughput-1", THROUGHPUT_BASE)]
    pool += [copy_model(bedrock, custom, "copied-model-1"), "copied-model-1"]
    env.settle()
    pool += [bedrock.get_custom_model(modelIdentifier="copied-model-1")["modelArn"]]
    served += [("throughput-2", "copied-model-1")]
    for name, model in served:
        throughput = bedrock.create_provisioned_model_throughput(
            provisionedModelName=name, modelId=model, modelUnits=1
        )
        pool += [throughput["provisionedModelArn"], name]
    if BRINGS_MODELS:
        brought = bring_model(env, bedrock, "brought-model")
        pool += [brought, "brought-model"]
        if DEPLOYS_MODELS:
            deployment = bedrock.create_custom_model_deployment(
                modelDeploymentName="deployment-1", modelArn=brought
            )
            pool += [deployment["customModelDeploymentArn"], "deployment-1"]
    env.settle()
    return pool


def _lookout_resources(env: Any) -> list[str]:
    """Lookout for Equipment resources: a dataset and a model trained on it (the model
    with a resource policy, its version without one), and a model version of another
    account whose policy lets the default account import it."""
    lookout = boto3.client("lookoutequipment", region_name="us-east-1")
    create_dataset(lookout)
    model = train_model(env, lookout)
    revision = lookout.put_resource_policy(
        ResourceArn=model["ModelArn"], ResourcePolicy=policy(), ClientToken="policy-1"
    )["PolicyRevisionId"]
    owner = lookout_client(OWNER)
    shared = train_model(env, owner, "shared-pump-model")["ActiveModelVersionArn"]
    owner.put_resource_policy(
        ResourceArn=shared,
        ResourcePolicy=policy(principal={"AWS": DEFAULT_ACCOUNT}),
        ClientToken="policy-2",
    )
    pool = [model["ModelArn"], model["ActiveModelVersionArn"], model["DatasetArn"], shared]
    return [*pool, "pump-data", "pump-model", revision]


def _running_jobs(bedrock: Any) -> list[str]:
    """A customization job and a batch inference job still running (made last, after every
    clock move), for StopModelCustomizationJob and StopModelInvocationJob; the batch job by
    ARN and by id."""
    request = customization_job_request("tune-job-2", "custom-model-2")
    pool = [bedrock.create_model_customization_job(**request)["jobArn"], "tune-job-2"]
    if has_operation("bedrock", "CreateModelInvocationJob"):
        batch = bedrock.create_model_invocation_job(**batch_job_request())["jobArn"]
        pool += [batch, batch.rsplit("/", 1)[1]]
    return pool


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Spy]:
    watcher = _Spy()
    monkeypatch.setattr(botocore_hook, "handle", watcher)
    yield watcher


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("service", "operation"), served_by_this_botocore())
def test_every_answer_is_a_result_or_a_declared_error(
    spy: _Spy, service: str, operation: str, kind: str
) -> None:
    with mock_bedrock_jobs(start_time=START) as env:
        requests, send = _fuzzing(env, spy, service, operation, kind)

        @settings(
            max_examples=EXAMPLES,
            deadline=timedelta(seconds=10),
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(requests)
        def answers(params: Any) -> None:
            assume(send(params) is not None)

        answers()


@pytest.mark.parametrize(("service", "operation"), served_by_this_botocore())
def test_a_valid_request_succeeds(spy: _Spy, service: str, operation: str) -> None:
    """Valid requests, drawn from the fuzz's own valid strategy in an order fixed by a seed
    of the operation's own, are sent one at a time until one succeeds (at most
    ``SUCCESS_BUDGET``). Unless the operation is one of ``NEVER_SUCCEEDS``, one must.

    Not a count over the fuzz's own examples: at 15 of them, whether one names the very
    resource an operation needs is a coin toss (derandomized, a toss that any hypothesis,
    botocore or pool change throws again). Here the draws stop at the first success, found
    within tens of draws for most operations and a few hundred for the rarest; a change
    alters which request succeeds, hardly whether one does, and each run is the same."""
    succeeded: list[Any] = []
    with mock_bedrock_jobs(start_time=START) as env:
        requests, send = _fuzzing(env, spy, service, operation, "valid")

        def succeeds(params: Any) -> bool:
            if not succeeded and send(params):
                succeeded.append(params)
            return bool(succeeded)  # True again when hypothesis replays the request found

        with contextlib.suppress(NoSuchExample):
            find(
                requests,
                succeeds,
                settings=settings(
                    max_examples=SUCCESS_BUDGET,
                    phases=[Phase.generate],
                    deadline=None,
                    database=None,
                ),
                random=random.Random(f"{service}:{operation}"),
            )
    reason = NEVER_SUCCEEDS.get(f"{service}:{operation}")
    if reason is None:
        assert succeeded, f"none of {SUCCESS_BUDGET} valid {operation} requests succeeded"
    else:
        assert not succeeded, f"{operation} succeeded, though listed: {reason}: {succeeded[0]}"


def test_the_operations_that_never_succeed_are_served() -> None:
    assert set(NEVER_SUCCEEDS) <= {f"{s}:{o}" for s, o in served_by_this_botocore()}


def _fuzzing(
    env: Any, spy: _Spy, service: str, operation: str, kind: str
) -> tuple[st.SearchStrategy[Any], Callable[[Any], bool | None]]:
    """The requests of ``kind`` to ``service:operation``, from a pool of the resources
    made in ``env``, and a function that sends one: True when it succeeds, False when it
    is refused with an error the operation may answer, None when botocore cannot send it.
    Any other error, or an exception out of the mock, fails the test."""
    model = service_model(service).operation_model(operation)
    allowed = _declared_errors(model)
    pool = _resource_names(env)
    config = Config(parameter_validation=False, retries={"max_attempts": 1})
    client = boto3.client(service, region_name="us-east-1", config=config)
    call = getattr(client, _python_name(client, operation))
    requests = _values(model.input_shape, kind, pool) if model.input_shape else st.just({})

    def send(params: Any) -> bool | None:
        if not isinstance(params, dict):
            return None
        spy.reached, spy.escaped = False, None
        try:
            call(**params)
            succeeded = True
        except ClientError as error:
            assert error.response["Error"]["Code"] in allowed, error.response["Error"]
            succeeded = False
        except Exception:
            if spy.reached:
                raise
            return None  # botocore refused to serialize it: not the mock's answer
        assert spy.escaped is None
        return succeeded

    return requests, send


def _python_name(client: Any, operation: str) -> str:
    return next(name for name, op in client.meta.method_to_api_mapping.items() if op == operation)
