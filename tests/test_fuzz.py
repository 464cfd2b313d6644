"""Property-based fuzzing of every served operation through boto3.

Requests are generated from each operation's input shape: valid ones (within
lengths, ranges, patterns and enums, naming resources that exist), mutated ones
(any text, any number, required members left out) and wrong-typed ones (any JSON
value anywhere), sent with botocore's own parameter validation off. Every answer
must be a success or a ``ClientError`` with a code the operation declares or a
generic one (never one the mock answers only when a test injects it); a Python
exception out of the mock fails the test. Requests botocore cannot even
serialize are discarded. ``BEDROCK_JOBS_MOCK_FUZZ_EXAMPLES`` sets the examples
per operation and kind (default 15; a nightly run may use thousands).

Valid requests are drawn to succeed often, so that the fuzz checks successful
answers too (strict outputs hold each to its output shape): every member draws a
value of its own kind first (see ``_strings``; the smallest integer; a
structure's required members alone) and anything else that fits after. Their
order is fixed by a seed of the operation's own, and at least one of them must
succeed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape
from hypothesis import HealthCheck, assume, given, seed, settings
from hypothesis import strategies as st

from bedrock_jobs_mock import mock_bedrock_jobs
from bedrock_jobs_mock.doors import botocore_hook
from bedrock_jobs_mock.engine.regex import compile_java
from bedrock_jobs_mock.engine.servicemodel import service_model
from tests.batch_helpers import batch_job_request
from tests.evaluation_helpers import algorithmic_request
from tests.factories import (
    bedrock_client,
    bring_model,
    copy_model,
    customization_job_request,
    customize,
    enum_values,
    has_operation,
    import_job_request,
    served_by_this_botocore,
)
from tests.kb_helpers import (
    BUCKET,
    BUCKET_ARN,
    COLLECTION_ARN,
    EMBEDDING_MODEL_ARN,
    agent_client,
    create_data_source,
    knowledge_base_request,
    s3_data_source,
    start_job,
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
KINDS = ("valid", "mutated", "wrong-typed")
#: Members of which a valid request gives exactly one, by the structure holding them, where
#: the model does not mark the structure a union (the service documents the rule).
EXACTLY_ONE_OF: dict[str, tuple[str, ...]] = {
    "CreateCustomModelRequest": ("modelSourceConfig", "customModelDataSource"),
}
#: Operations that make the resources their ``...Name`` members name: a valid request
#: gives them new names.
MAKERS = ("Create", "Import")
#: Where nested optional members stop (required ones of a valid request go on).
OPTIONAL_DEPTH = 4
_NAME_CHARACTERS = "abcxyz019-"
_PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E, include_characters="\t\n\r")

_any_json: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
_timestamps = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
)


class _Pool:
    """Strings one service's requests draw from: names and ARNs of resources that exist,
    each under the name of a member that names it in the service's own answers
    (``jobArn``, ``importedModelName``, ``DatasetName``, ``ResourcePolicy``), and values
    any request may carry (a role, an S3 URI, a KMS alias)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._by_stem: dict[str, list[str]] = {}
        #: Whole structures, by shape name, that valid requests try first: those whose
        #: members must agree in ways no shape says (a configuration and its ``type``; a
        #: request's ids, each naming a child of the one before).
        self.structures: dict[str, list[dict[str, Any]]] = {}

    def add(self, member: str, *values: str) -> None:
        """Add ``values``, named by members called ``member``."""
        self.values += values
        self._by_stem.setdefault(_stem(member), []).extend(values)

    def named(self, name: str) -> list[str]:
        """The values added under a member name of the same stem as ``name``."""
        return self._by_stem.get(_stem(name), [])


def _stem(name: str) -> str:
    """What a member or shape name names: ``modelIdentifier``, ``modelId``, ``modelName``
    and ``ModelArn`` all name a model."""
    return re.sub(r"(?<=.)(identifier|id|name|arn)$", "", name.lower())


@dataclass(frozen=True)
class _Draw:
    """How one kind of request to one operation draws its values."""

    kind: str
    pool: _Pool
    #: Whether the operation makes the resources its ``...Name`` members name.
    makes: bool


def _size(shape: Shape, kind: str, default_max: int) -> tuple[int, int]:
    if kind != "valid":
        return 0, default_max
    low = int(shape.metadata.get("min", 0))
    return low, max(low, min(int(shape.metadata.get("max", default_max)), default_max))


def _values(shape: Shape, draw: _Draw, member: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of ``shape``, given as ``member``, as the ``draw``'s kind of request wants them."""
    if draw.kind == "wrong-typed":
        return _any_json | _typed(shape, _Draw("valid", draw.pool, draw.makes), member, depth)
    return _typed(shape, draw, member, depth)


def _typed(shape: Shape, draw: _Draw, member: str, depth: int) -> st.SearchStrategy[Any]:
    type_name, valid = shape.type_name, draw.kind == "valid"
    if type_name == "structure":
        known = draw.pool.structures.get(shape.name) if valid else None
        if known:
            return st.sampled_from(known) | _structures(shape, draw, depth)
        return _structures(shape, draw, depth)
    if type_name == "list":
        low, high = _size(shape, draw.kind, 3)
        items = _values(shape.member, draw, member, depth + 1)
        return st.lists(items, min_size=low, max_size=high)
    if type_name == "map":
        _, high = _size(shape, draw.kind, 3)
        keys = _values(shape.key, draw, member, depth + 1)
        return st.dictionaries(keys, _values(shape.value, draw, member, depth + 1), max_size=high)
    if type_name == "string":
        return _strings(shape, draw, member)
    if type_name in ("integer", "long"):
        if not valid:
            return st.integers()
        low, high = shape.metadata.get("min", -(2**31)), shape.metadata.get("max", 2**31)
        return st.just(min(max(0, low), high)) | st.integers(low, high)
    if type_name in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False)
    if type_name == "boolean":
        return st.booleans()
    if type_name == "timestamp":
        return _timestamps
    if type_name == "blob":
        return st.binary(max_size=16)
    return _any_json


def _structures(shape: Shape, draw: _Draw, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Valid: the required members alone or with optional ones, one member of a union (or
    of ``EXACTLY_ONE_OF``); otherwise any members."""
    valid = draw.kind == "valid"
    members = {
        name: _values(member, draw, name, depth + 1)
        for name, member in shape.members.items()
        if member.serialization.get("location") != "header"
        and (depth < OPTIONAL_DEPTH or (valid and name in shape.required_members))
    }
    if not valid:
        return st.fixed_dictionaries({}, optional=members)
    one_of = list(shape.members) if shape.metadata.get("union") else EXACTLY_ONE_OF.get(shape.name)
    choices = [
        st.fixed_dictionaries({name: members.pop(name)}) for name in one_of or () if name in members
    ]
    required = {name: members.pop(name) for name in shape.required_members if name in members}
    alone = st.fixed_dictionaries(required)
    drawn = alone | st.fixed_dictionaries(required, optional=members) if members else alone
    if not choices:
        return drawn
    return st.tuples(drawn, st.one_of(choices)).map(lambda parts: {**parts[0], **parts[1]})


def _strings(shape: Shape, draw: _Draw, member: str) -> st.SearchStrategy[str]:
    """Valid: an enum value; else, first, a value of the member's own kind, and then any
    value that fits the shape (its length and pattern: from the pool, or new). A value of
    its own kind is a new name where the operation makes what the member names, else a
    value of the pool named as the shape or, failing that, as the member (``_stem``), else
    an ARN whose resource type the pattern names. Otherwise any of those or any text."""
    valid = _valid_strings(shape, draw, member)
    if draw.kind == "valid":
        return valid
    low, high = _size(shape, draw.kind, 40)
    return valid | st.sampled_from(draw.pool.values) | st.text(min_size=low, max_size=high)


def _valid_strings(shape: Shape, draw: _Draw, member: str) -> st.SearchStrategy[str]:
    if shape.enum:
        return st.sampled_from(shape.enum)
    fits = _fitting(shape)
    fitting = [value for value in dict.fromkeys(draw.pool.values) if fits(value)]
    new = _new_strings(shape, fits)
    if draw.makes and shape.name.endswith("Name"):
        return new | st.sampled_from(fitting) if fitting else new
    own = [value for value in draw.pool.named(shape.name) if fits(value)] or [
        value for value in draw.pool.named(member) if fits(value)
    ]
    pattern = shape.metadata.get("pattern")
    if not own and pattern is not None:
        own = [value for value in fitting if _names_its_type(pattern, value)]
    others = st.sampled_from(fitting) | new if fitting else new
    return st.sampled_from(own) | others if own else others


def _fitting(shape: Shape) -> Callable[[str], bool]:
    """Whether a string fits ``shape``'s length and pattern. Every ARN of the pool is one
    the mock minted, so it fits a pattern that names its resource type even where an older
    model's pattern predates it (docs/fidelity.md)."""
    low, high = int(shape.metadata.get("min", 0)), shape.metadata.get("max")
    pattern = shape.metadata.get("pattern")

    def fits(value: str) -> bool:
        if not low <= len(value) <= (len(value) if high is None else int(high)):
            return False
        return pattern is None or bool(
            compile_java(pattern).fullmatch(value) or _names_its_type(pattern, value)
        )

    return fits


def _new_strings(shape: Shape, fits: Callable[[str], bool]) -> st.SearchStrategy[str]:
    """New strings that fit ``shape``: drawn from its pattern, read as a Python one of ASCII
    characters where Python can read it, else short names."""
    pattern = shape.metadata.get("pattern")
    try:
        regex = re.compile(pattern, re.ASCII | re.DOTALL) if pattern else None
    except re.error:
        regex = None
    if regex is None:
        low, high = _size(shape, "valid", 40)
        drawn = st.text(_NAME_CHARACTERS, min_size=max(low, 1), max_size=max(high, 1))
    else:
        drawn = st.from_regex(regex, fullmatch=True, alphabet=_PRINTABLE)
    return drawn.filter(fits)


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


#: A foundation model Provisioned Throughput can be bought for.
THROUGHPUT_BASE = "amazon.titan-text-lite-v1:0:4k"
#: Whether this botocore has CreateCustomModel, and the custom model deployments (asked
#: once: each question loads the service model afresh).
BRINGS_MODELS = has_operation("bedrock", "CreateCustomModel")
DEPLOYS_MODELS = has_operation("bedrock", "CreateCustomModelDeployment")


def _bedrock_pool(env: Any) -> _Pool:
    """Bedrock resources of the default account, every job finished (the clock settled):
    an import job and its model, a customization job and its model, Provisioned Throughput
    for a foundation model, a model another account shares with the default one, a copy
    job and its copy (served by a second throughput) and, where this botocore has the
    operations, a brought model and its deployment; then a customization job still
    running (made last, and the first job of the pool: the one every job operation can
    take), a batch inference job still running, where this botocore has them, and an
    evaluation job still running. The
    model of the first customization job stays free, for DeleteCustomModel."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    pool = _Pool()
    imported = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    tuned = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
    env.settle()
    import_job = bedrock.get_model_import_job(jobIdentifier=imported)
    pool.add("importedModelArn", import_job["importedModelArn"])
    pool.add("importedModelName", import_job["importedModelName"])
    custom = bedrock.get_custom_model(modelIdentifier="custom-model-1")
    pool.add("modelArn", custom["modelArn"])
    pool.add("modelName", "custom-model-1")
    pool.add("baseModelArn", custom["baseModelArn"])
    shared = customize(env, bedrock_client(OWNER), "shared-model")
    env.share_model(shared, with_account=DEFAULT_ACCOUNT)
    pool.add("modelArn", shared)
    copied = copy_model(bedrock, custom["modelArn"], "copied-model-1")
    env.settle()
    pool.add("modelArn", bedrock.get_custom_model(modelIdentifier="copied-model-1")["modelArn"])
    pool.add("modelName", "copied-model-1")
    pool.add("modelId", THROUGHPUT_BASE, "amazon.titan-text-express-v1")
    for name, model in [("throughput-1", THROUGHPUT_BASE), ("throughput-2", "copied-model-1")]:
        throughput = bedrock.create_provisioned_model_throughput(
            provisionedModelName=name, modelId=model, modelUnits=1
        )
        pool.add("provisionedModelArn", throughput["provisionedModelArn"])
        pool.add("provisionedModelName", name)
    if BRINGS_MODELS:
        brought = bring_model(env, bedrock, "brought-model")
        pool.add("modelArn", brought)
        pool.add("modelName", "brought-model")
        if DEPLOYS_MODELS:
            deployment = bedrock.create_custom_model_deployment(
                modelDeploymentName="deployment-1", modelArn=brought
            )
            pool.add("customModelDeploymentArn", deployment["customModelDeploymentArn"])
            pool.add("modelDeploymentName", "deployment-1")
    env.settle()
    running = customization_job_request("tune-job-2", "custom-model-2")
    pool.add("jobArn", bedrock.create_model_customization_job(**running)["jobArn"])
    pool.add("jobArn", imported, tuned, copied)
    pool.add("jobName", "tune-job-2", "import-job-1", "tune-job-1")
    if has_operation("bedrock", "CreateModelInvocationJob"):
        batch = bedrock.create_model_invocation_job(**batch_job_request("batch-job-2"))
        pool.add("jobArn", batch["jobArn"])
        pool.add("jobName", "batch-job-2")
    evaluation = bedrock.create_evaluation_job(**algorithmic_request("evaluation-job-1"))
    pool.add("jobArn", evaluation["jobArn"])
    pool.add("jobName", "evaluation-job-1")
    return pool


def _lookout_pool(env: Any) -> _Pool:
    """Lookout for Equipment resources: a dataset and a model trained on it (the model
    with a resource policy, its version without one), and a model version of another
    account whose policy lets the default account import it."""
    lookout = boto3.client("lookoutequipment", region_name="us-east-1")
    pool = _Pool()
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
    pool.add("DatasetName", model["DatasetName"])
    pool.add("DatasetArn", model["DatasetArn"])
    pool.add("ModelName", model["ModelName"])
    pool.add("ResourceArn", model["ModelArn"], model["ActiveModelVersionArn"], model["DatasetArn"])
    pool.add("ResourcePolicy", policy())
    pool.add("PolicyRevisionId", revision)
    pool.add("SourceModelVersionArn", shared)
    pool.add("ServerSideKmsKeyId", "alias/models")
    return pool


#: A knowledge base with no storage configuration, where the installed model has KENDRA.
KENDRA_CONFIGURATION = {
    "type": "KENDRA",
    "kendraKnowledgeBaseConfiguration": {
        "kendraIndexArn": "arn:aws:kendra:us-east-1:123456789012:index/"
        "0123abcd-0123-4567-89ab-0123456789ab"
    },
}


def _agent_pool(env: Any) -> _Pool:
    """Agents for Bedrock resources: an ACTIVE knowledge base (KENDRA, where the model has
    it: no storage configuration) with an idle S3 data source and one whose ingestion job
    runs, and an ACTIVE vector knowledge base."""
    agent = agent_client()
    pool = _Pool()
    vector = knowledge_base_request()
    kendra = "KENDRA" in enum_values("bedrock-agent", "KnowledgeBaseType")
    configurations = [KENDRA_CONFIGURATION] if kendra else []
    configurations.append(vector["knowledgeBaseConfiguration"])
    for n, configuration in enumerate([*configurations[:1], configurations[-1]], start=1):
        request = knowledge_base_request(f"kb-{n}", knowledgeBaseConfiguration=configuration)
        if configuration["type"] != "VECTOR":
            del request["storageConfiguration"]
        knowledge_base = agent.create_knowledge_base(**request)["knowledgeBase"]
        env.complete(knowledge_base["knowledgeBaseArn"])
        pool.add("knowledgeBaseId", knowledge_base["knowledgeBaseId"])
        pool.add("resourceArn", knowledge_base["knowledgeBaseArn"])
        pool.add("name", f"kb-{n}")
    first = pool.named("knowledgeBaseId")[0]
    for n in (1, 2):
        pool.add("dataSourceId", create_data_source(agent, first, f"docs-{n}"))
        pool.add("name", f"docs-{n}")
    idle, busy = pool.named("dataSourceId")
    running = start_job(agent, first, busy)
    pool.add("ingestionJobId", running)
    # Requests whose ids must name one another's resources.
    job = {"knowledgeBaseId": first, "dataSourceId": busy, "ingestionJobId": running}
    pool.structures["GetIngestionJobRequest"] = [job]
    pool.structures["StopIngestionJobRequest"] = [job]
    pool.structures["StartIngestionJobRequest"] = [{"knowledgeBaseId": first, "dataSourceId": idle}]
    # Direct ingestion: documents of the idle S3 data source, in S3 locations.
    idle_source = {"knowledgeBaseId": first, "dataSourceId": idle}
    document = {"dataSourceType": "S3", "s3": {"uri": f"s3://{BUCKET}/a.txt"}}
    content = {"dataSourceType": "S3", "s3": {"s3Location": document["s3"]}}
    pool.structures["IngestKnowledgeBaseDocumentsRequest"] = [
        {**idle_source, "documents": [{"content": content}]}
    ]
    for request in ("GetKnowledgeBaseDocumentsRequest", "DeleteKnowledgeBaseDocumentsRequest"):
        pool.structures[request] = [{**idle_source, "documentIdentifiers": [document]}]
    pool.structures["KnowledgeBaseConfiguration"] = configurations
    pool.structures["StorageConfiguration"] = [vector["storageConfiguration"]]
    pool.structures["DataSourceConfiguration"] = [s3_data_source()]
    pool.add("embeddingModelArn", EMBEDDING_MODEL_ARN)
    pool.add("bucketArn", BUCKET_ARN)
    pool.add("collectionArn", COLLECTION_ARN)
    return pool


#: Room for a second ingestion job in the knowledge base whose first one runs (the pool's).
ROOMY = {"concurrent_ingestion_jobs_per_knowledge_base": 2}

#: The resources of each service's requests.
POOLS: dict[str, Callable[[Any], _Pool]] = {
    "bedrock": _bedrock_pool,
    "bedrock-agent": _agent_pool,
    "lookoutequipment": _lookout_pool,
}


def _pool(env: Any, service: str) -> _Pool:
    """The pool of ``service``'s requests: its resources, each in the state some operation
    needs to succeed (an Active deployment, an InService throughput, a running
    customization job, a model with a policy, a model shared by another account, ...), and
    values any request may carry."""
    pool = POOLS[service](env)
    pool.add("roleArn", "arn:aws:iam::123456789012:role/Role")
    pool.add("s3Uri", "s3://amzn-s3-demo-bucket/data/")
    pool.add("kmsKeyId", "alias/models")
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
    """And some valid request succeeds. Valid requests are drawn in an order a seed of the
    operation's own fixes, each member's own kind first: hypothesis sends first the request
    of every member's first choice, which succeeds for most operations, and others after."""
    sent, succeeded = 0, 0
    with mock_bedrock_jobs(start_time=START, quotas=ROOMY) as env:
        requests, send = _fuzzing(env, spy, service, operation, kind)

        @settings(
            max_examples=EXAMPLES,
            deadline=timedelta(seconds=10),
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(requests)
        def answers(params: Any) -> None:
            nonlocal sent, succeeded
            answer = send(params)
            assume(answer is not None)
            sent, succeeded = sent + 1, succeeded + answer

        if kind == "valid":
            answers = seed(f"{service}:{operation}")(answers)
        answers()
    if kind == "valid":
        assert succeeded, f"none of the {sent} valid {operation} requests succeeded"


def _fuzzing(
    env: Any, spy: _Spy, service: str, operation: str, kind: str
) -> tuple[st.SearchStrategy[Any], Callable[[Any], bool | None]]:
    """The requests of ``kind`` to ``service:operation``, from the pool of the resources
    made in ``env``, and a function that sends one: True when it succeeds, False when it
    is refused with an error the operation may answer, None when botocore cannot send it.
    Any other error, or an exception out of the mock, fails the test."""
    model = service_model(service).operation_model(operation)
    allowed = _declared_errors(model)
    draw = _Draw(kind, _pool(env, service), operation.startswith(MAKERS))
    config = Config(parameter_validation=False, retries={"max_attempts": 1})
    client = boto3.client(service, region_name="us-east-1", config=config)
    call = getattr(client, _python_name(client, operation))
    shape = model.input_shape
    requests = _values(shape, draw, shape.name) if shape else st.just({})

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
