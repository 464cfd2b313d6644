"""What the scale sweep fills a Region with, and the calls it times there, family by family.

Each sweep is one family in one state: ``running`` (every job still running,
durations of years) or ``finished`` (every job done at once, leaving its
model). A sweep adds jobs through a ``Loader`` and times, through a boto3
client: create, get, a list page of 100, and stop (customization, batch,
evaluation and ingestion jobs, running) or delete (of what a finished job made;
Lookout models either way; finished evaluation jobs, by BatchDeleteEvaluationJob).

Ingestion jobs run one at a time per data source (a rule, not a quota): the running
sweep gives each job a data source of its own, all in one knowledge base, and starts
its timed jobs on spare data sources made beforehand; it has no list page (a data
source lists one job). The finished sweep starts every job on one data source, each
finished before the next starts, so its list page is a page of that data source's jobs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from benchmarks import payloads
from benchmarks.cases import (
    BATCH_JOBS,
    COPY_JOBS,
    CUSTOMIZATION_JOBS,
    EVALUATION_JOBS,
    IMPORT_JOBS,
    INGESTION_JOBS,
    LOOKOUT_IMPORTS,
    LOOKOUT_MODELS,
    PAGE,
    installed,
)
from benchmarks.loader import Loader

RUNNING = "running"
FINISHED = "finished"
#: Long enough that no job finishes while a sweep runs (the mock clock stands still anyway).
YEARS = 10 * 365 * 24 * 3600


@dataclass(frozen=True)
class Made:
    """A job in the Region: how to name the job (its name or ARN), the model it makes, and
    the data source it runs on (ingestion jobs)."""

    job: str
    model: str
    data_source: str = ""


@dataclass(frozen=True)
class Op:
    """A timed call. ``call(client, context, made)``: ``made`` is the job the call works on;
    a fresh one per call when the call ``consumes`` it (stop, delete) or ``creates`` it."""

    name: str
    call: Callable[[Any, Any, Made], Any]
    consumes: bool = False
    creates: bool = False
    list_page: bool = False


@dataclass(frozen=True)
class Sweep:
    """One family in one state. ``prepare(loader)`` makes what every job needs (a dataset,
    a model to copy) and returns it as the context; ``add(loader, context, name)`` adds
    one job named ``name`` and tells how to name it and its model."""

    family: str
    state: str
    service: str
    durations: dict[str, int]
    add: Callable[[Loader, Any, str], Made]
    ops: tuple[Op, ...]
    prepare: Callable[[Loader], Any] = lambda loader: None
    label: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", f"{self.family} ({self.state})")


# -- adding a job -----------------------------------------------------------------------


def _add_import(loader: Loader, _: Any, name: str) -> Made:
    loader.send("CreateModelImportJob", payloads.import_job(name))
    return Made(name, payloads.model_of(name))


def _add_customization(loader: Loader, _: Any, name: str) -> Made:
    loader.send("CreateModelCustomizationJob", payloads.customization_job(name))
    return Made(name, payloads.model_of(name))


def _source_model(loader: Loader) -> str:
    """A completed custom model, the source of every copy; its ARN."""
    loader.send("CreateModelCustomizationJob", payloads.customization_job("source"))
    # Jobs of this sweep take no time: the next request finds the model made.
    return str(loader.send("GetCustomModel", {"modelIdentifier": "source-model"})["modelArn"])


def _add_copy(loader: Loader, source: str, name: str) -> Made:
    job = loader.send("CreateModelCopyJob", payloads.copy_job(source, name))["jobArn"]
    return Made(job, payloads.model_of(name))


def _add_batch(loader: Loader, _: Any, name: str) -> Made:
    job = loader.send("CreateModelInvocationJob", payloads.batch_job(name))["jobArn"]
    return Made(job, job)


def _dataset(loader: Loader) -> None:
    loader.send("CreateDataset", payloads.dataset())


def _add_lookout_model(loader: Loader, _: Any, name: str) -> Made:
    loader.send("CreateModel", payloads.lookout_model(name))
    return Made(name, name)


def _source_version(loader: Loader) -> str:
    """A dataset and a trained model ``source``; the ARN of its version 1."""
    _dataset(loader)
    loader.send("CreateModel", payloads.lookout_model("source"))
    version = loader.send("DescribeModelVersion", {"ModelName": "source", "ModelVersion": 1})
    return str(version["ModelVersionArn"])


def _add_version_import(loader: Loader, source: str, name: str) -> Made:
    loader.send("ImportModelVersion", payloads.model_version_import(source, name))
    return Made(name, name)


#: Spare data sources a Region of running ingestion jobs holds for its timed starts (a
#: sweep makes up to ``rounds * (calls + 1)`` of them: 303 by default).
SPARE_DATA_SOURCES = 1_000


@dataclass
class KnowledgeBase:
    """The knowledge base of an ingestion sweep: its id, the data source the finished
    sweep runs every job on, and the running sweep's spare data sources."""

    knowledge_base_id: str
    data_source_id: str
    spare: list[str]

    def keys(self, data_source: str) -> dict[str, str]:
        return payloads.ingestion_job(self.knowledge_base_id, data_source)

    def take_spare(self) -> str:
        if not self.spare:
            raise RuntimeError(f"the {SPARE_DATA_SOURCES:,} spare data sources are used up")
        return self.spare.pop()


def _data_source(loader: Loader, knowledge_base_id: str, name: str) -> str:
    created = loader.send("CreateDataSource", payloads.data_source(knowledge_base_id, name))
    return str(created["dataSource"]["dataSourceId"])


def _knowledge_base(spare: int) -> Callable[[Loader], KnowledgeBase]:
    """A knowledge base (ACTIVE at once in a sweep), one data source, and ``spare`` more."""

    def prepare(loader: Loader) -> KnowledgeBase:
        created = loader.send("CreateKnowledgeBase", payloads.knowledge_base("bench-kb"))
        knowledge_base_id = str(created["knowledgeBase"]["knowledgeBaseId"])
        return KnowledgeBase(
            knowledge_base_id,
            _data_source(loader, knowledge_base_id, "shared"),
            [_data_source(loader, knowledge_base_id, f"spare-{index}") for index in range(spare)],
        )

    return prepare


def _start(loader: Loader, knowledge_base: KnowledgeBase, data_source: str) -> Made:
    started = loader.send("StartIngestionJob", knowledge_base.keys(data_source))
    job = str(started["ingestionJob"]["ingestionJobId"])
    return Made(job, job, data_source)


def _add_running_ingestion(loader: Loader, knowledge_base: KnowledgeBase, name: str) -> Made:
    return _start(
        loader, knowledge_base, _data_source(loader, knowledge_base.knowledge_base_id, name)
    )


def _add_finished_ingestion(loader: Loader, knowledge_base: KnowledgeBase, name: str) -> Made:
    # Jobs of this sweep take no time: the next start finds the data source free.
    return _start(loader, knowledge_base, knowledge_base.data_source_id)


def _add_evaluation(loader: Loader, _: Any, name: str) -> Made:
    job = loader.send("CreateEvaluationJob", payloads.evaluation_job(name))["jobArn"]
    return Made(job, job)


# -- the timed calls ----------------------------------------------------------------------


def _create(call: Callable[[Any, Any, Made], Any]) -> Op:
    return Op("create", call, creates=True)


def _page(call: Callable[[Any, Any], Any]) -> Op:
    """A list page: ``call(client, context)``."""
    return Op("list page", lambda client, context, made: call(client, context), list_page=True)


def _delete(call: Callable[[Any, Any, Made], Any]) -> Op:
    return Op("delete", call, consumes=True)


IMPORT_OPS = (
    _create(
        lambda client, _, made: client.create_model_import_job(**payloads.import_job(made.job))
    ),
    Op("get", lambda client, _, made: client.get_model_import_job(jobIdentifier=made.job)),
    _page(lambda client, _: client.list_model_import_jobs(maxResults=PAGE)),
)
DELETE_IMPORTED_MODEL = _delete(
    lambda client, _, made: client.delete_imported_model(modelIdentifier=made.model)
)

CUSTOMIZATION_OPS = (
    _create(
        lambda client, _, made: client.create_model_customization_job(
            **payloads.customization_job(made.job)
        )
    ),
    Op("get", lambda client, _, made: client.get_model_customization_job(jobIdentifier=made.job)),
    _page(lambda client, _: client.list_model_customization_jobs(maxResults=PAGE)),
)
STOP_CUSTOMIZATION = Op(
    "stop",
    lambda client, _, made: client.stop_model_customization_job(jobIdentifier=made.job),
    consumes=True,
)
DELETE_CUSTOM_MODEL = _delete(
    lambda client, _, made: client.delete_custom_model(modelIdentifier=made.model)
)

COPY_OPS = (
    _create(
        lambda client, source, made: client.create_model_copy_job(
            **payloads.copy_job(source, made.job)
        )
    ),
    Op("get", lambda client, _, made: client.get_model_copy_job(jobArn=made.job)),
    _page(lambda client, _: client.list_model_copy_jobs(maxResults=PAGE)),
)

BATCH_OPS = (
    _create(
        lambda client, _, made: client.create_model_invocation_job(**payloads.batch_job(made.job))
    ),
    Op("get", lambda client, _, made: client.get_model_invocation_job(jobIdentifier=made.job)),
    _page(lambda client, _: client.list_model_invocation_jobs(maxResults=PAGE)),
)
STOP_BATCH = Op(
    "stop",
    lambda client, _, made: client.stop_model_invocation_job(jobIdentifier=made.job),
    consumes=True,
)

LOOKOUT_MODEL_OPS = (
    _create(lambda client, _, made: client.create_model(**payloads.lookout_model(made.job))),
    Op("get", lambda client, _, made: client.describe_model(ModelName=made.job)),
    _page(lambda client, _: client.list_models(MaxResults=PAGE)),
    _delete(lambda client, _, made: client.delete_model(ModelName=made.model)),
)

LOOKOUT_IMPORT_OPS = (
    _create(
        lambda client, source, made: client.import_model_version(
            **payloads.model_version_import(source, made.job)
        )
    ),
    Op(
        "get",
        lambda client, _, made: client.describe_model_version(ModelName=made.job, ModelVersion=1),
    ),
    _page(lambda client, _: client.list_models(MaxResults=PAGE)),
    _delete(lambda client, _, made: client.delete_model(ModelName=made.model)),
)


def _ingestion_job(knowledge_base: KnowledgeBase, made: Made) -> dict[str, str]:
    return {**knowledge_base.keys(made.data_source), "ingestionJobId": made.job}


INGESTION_GET = Op(
    "get", lambda client, base, made: client.get_ingestion_job(**_ingestion_job(base, made))
)
STOP_INGESTION = Op(
    "stop",
    lambda client, base, made: client.stop_ingestion_job(**_ingestion_job(base, made)),
    consumes=True,
)
RUNNING_INGESTION_OPS = (
    _create(lambda client, base, made: client.start_ingestion_job(**base.keys(base.take_spare()))),
    INGESTION_GET,
    *((STOP_INGESTION,) if installed("bedrock-agent", "StopIngestionJob") else ()),
)
FINISHED_INGESTION_OPS = (
    _create(
        lambda client, base, made: client.start_ingestion_job(**base.keys(base.data_source_id))
    ),
    INGESTION_GET,
    _page(
        lambda client, base: client.list_ingestion_jobs(
            **base.keys(base.data_source_id), maxResults=PAGE
        )
    ),
)

EVALUATION_OPS = (
    _create(
        lambda client, _, made: client.create_evaluation_job(**payloads.evaluation_job(made.job))
    ),
    Op("get", lambda client, _, made: client.get_evaluation_job(jobIdentifier=made.job)),
    _page(lambda client, _: client.list_evaluation_jobs(maxResults=PAGE)),
)
STOP_EVALUATION = Op(
    "stop",
    lambda client, _, made: client.stop_evaluation_job(jobIdentifier=made.job),
    consumes=True,
)
DELETE_EVALUATION = _delete(
    lambda client, _, made: client.batch_delete_evaluation_job(jobIdentifiers=[made.job])
)


def _both(
    family: str,
    service: str,
    durations: Callable[[int], dict[str, int]],
    add: Callable[[Loader, Any, str], Made],
    ops: tuple[Op, ...],
    *,
    running_ops: tuple[Op, ...] = (),
    finished_ops: tuple[Op, ...] = (),
    prepare: Callable[[Loader], Any] = lambda loader: None,
) -> tuple[Sweep, Sweep]:
    """The family's sweep with its jobs running, and with them finished."""
    return (
        Sweep(family, RUNNING, service, durations(YEARS), add, ops + running_ops, prepare),
        Sweep(family, FINISHED, service, durations(0), add, ops + finished_ops, prepare),
    )


SWEEPS: tuple[Sweep, ...] = (
    *_both(
        IMPORT_JOBS,
        "bedrock",
        lambda seconds: {"model_import": seconds},
        _add_import,
        IMPORT_OPS,
        finished_ops=(DELETE_IMPORTED_MODEL,),
    ),
    *_both(
        CUSTOMIZATION_JOBS,
        "bedrock",
        lambda seconds: {"model_customization": seconds},
        _add_customization,
        CUSTOMIZATION_OPS,
        running_ops=(STOP_CUSTOMIZATION,),
        finished_ops=(DELETE_CUSTOM_MODEL,),
    ),
    *_both(
        COPY_JOBS,
        "bedrock",
        lambda seconds: {"model_customization": 0, "model_copy": seconds},
        _add_copy,
        COPY_OPS,
        finished_ops=(DELETE_CUSTOM_MODEL,),
        prepare=_source_model,
    ),
    *_both(
        BATCH_JOBS,
        "bedrock",
        lambda seconds: {"model_invocation": seconds},
        _add_batch,
        BATCH_OPS,
        running_ops=(STOP_BATCH,),
    ),
    *_both(
        LOOKOUT_MODELS,
        "lookoutequipment",
        lambda seconds: {"lookout_model_training": seconds},
        _add_lookout_model,
        LOOKOUT_MODEL_OPS,
        prepare=_dataset,
    ),
    *_both(
        LOOKOUT_IMPORTS,
        "lookoutequipment",
        lambda seconds: {"lookout_model_training": 0, "lookout_model_import": seconds},
        _add_version_import,
        LOOKOUT_IMPORT_OPS,
        prepare=_source_version,
    ),
    Sweep(
        INGESTION_JOBS,
        RUNNING,
        "bedrock-agent",
        {"knowledge_base": 0, "ingestion_job": YEARS},
        _add_running_ingestion,
        RUNNING_INGESTION_OPS,
        _knowledge_base(SPARE_DATA_SOURCES),
    ),
    Sweep(
        INGESTION_JOBS,
        FINISHED,
        "bedrock-agent",
        {"knowledge_base": 0, "ingestion_job": 0},
        _add_finished_ingestion,
        FINISHED_INGESTION_OPS,
        _knowledge_base(0),
    ),
    *_both(
        EVALUATION_JOBS,
        "bedrock",
        lambda seconds: {"model_evaluation": seconds},
        _add_evaluation,
        EVALUATION_OPS,
        running_ops=(STOP_EVALUATION,),
        finished_ops=(DELETE_EVALUATION,),
    ),
)
