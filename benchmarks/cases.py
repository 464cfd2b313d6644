"""The operations compared side by side, family by family.

A case prepares, through boto3 clients of whichever mock is active, the
state its call needs, and returns what the call needs to know (names,
ARNs). The floor replays the mock's answer with that same knowledge, so the
three contenders send identical requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Callable

from bedrock_jobs_mock.engine.servicemodel import service_model
from benchmarks import payloads
from benchmarks.contenders import Stage

#: Items in a list page, and jobs (or models) in the Region when one is measured.
PAGE = 100

Prepare = Callable[[Stage, int], Any]
Call = Callable[[Any, Any, int], Any]


@dataclass(frozen=True)
class Case:
    """One operation of one family.

    ``prepare(stage, calls)`` builds the state for ``calls`` calls and returns
    their context; ``call(client, context, index)`` makes call ``index``
    (0 is the untimed warm-up). ``list_page`` marks a list page, timed fewer times.
    """

    family: str
    operation: str
    service: str
    call: Call
    prepare: Prepare = lambda stage, calls: None
    list_page: bool = False


def _setup_name(index: int) -> str:
    return f"setup-{index}"


def _bench_name(index: int) -> str:
    return f"bench-{index}"


# -- preparing state ------------------------------------------------------------------


def _import_jobs(count: int, *, settle: bool = False) -> Prepare:
    """``count`` jobs ``setup-<n>``, finished if ``settle``."""

    def prepare(stage: Stage, calls: int) -> None:
        bedrock = stage.client("bedrock")
        for index in range(count):
            bedrock.create_model_import_job(**payloads.import_job(_setup_name(index)))
        if settle:
            stage.settle()

    return prepare


def _customization_jobs(count: int | None, *, settle: bool = False) -> Prepare:
    """``count`` jobs ``setup-<n>`` (None: one for each call), finished if ``settle``."""

    def prepare(stage: Stage, calls: int) -> None:
        bedrock = stage.client("bedrock")
        for index in range(calls if count is None else count):
            bedrock.create_model_customization_job(**payloads.customization_job(_setup_name(index)))
        if settle:
            stage.settle()

    return prepare


def _source_model(stage: Stage) -> str:
    """A completed custom model to copy; its ARN."""
    _customization_jobs(1, settle=True)(stage, 1)
    model = stage.client("bedrock").get_custom_model(modelIdentifier="setup-0-model")
    return str(model["modelArn"])


def _copy_jobs(count: int) -> Prepare:
    """A model to copy and ``count`` copies of it; the model's ARN and the copy jobs' ARNs."""

    def prepare(stage: Stage, calls: int) -> dict[str, Any]:
        source = _source_model(stage)
        bedrock = stage.client("bedrock")
        jobs = [
            bedrock.create_model_copy_job(**payloads.copy_job(source, f"copy-{index}"))["jobArn"]
            for index in range(count)
        ]
        return {"source": source, "jobs": jobs}

    return prepare


def _batch_jobs(count: int | None) -> Prepare:
    """``count`` batch jobs ``setup-<n>`` (None: one for each call); their ARNs."""

    def prepare(stage: Stage, calls: int) -> list[str]:
        bedrock = stage.client("bedrock")
        return [
            bedrock.create_model_invocation_job(**payloads.batch_job(_setup_name(index)))["jobArn"]
            for index in range(calls if count is None else count)
        ]

    return prepare


def _lookout_models(count: int) -> Prepare:
    def prepare(stage: Stage, calls: int) -> None:
        lookout = stage.client("lookoutequipment")
        lookout.create_dataset(**payloads.dataset())
        for index in range(count):
            lookout.create_model(**payloads.lookout_model(_setup_name(index)))

    return prepare


def _imported_versions(count: int) -> Prepare:
    """A trained model ``source`` and ``count`` imports of its version; the version's ARN."""

    def prepare(stage: Stage, calls: int) -> str:
        lookout = stage.client("lookoutequipment")
        _lookout_models(0)(stage, calls)
        lookout.create_model(**payloads.lookout_model("source"))
        stage.settle()
        source = lookout.describe_model_version(ModelName="source", ModelVersion=1)
        arn = str(source["ModelVersionArn"])
        for index in range(count):
            lookout.import_model_version(**payloads.model_version_import(arn, _setup_name(index)))
        return arn

    return prepare


def _knowledge_base(stage: Stage, sources: int) -> tuple[str, list[str]]:
    """An ACTIVE knowledge base with ``sources`` data sources; their ids."""
    agent = stage.client("bedrock-agent")
    created = agent.create_knowledge_base(**payloads.knowledge_base("bench-kb"))
    knowledge_base = str(created["knowledgeBase"]["knowledgeBaseId"])
    stage.settle()  # ACTIVE
    return knowledge_base, [
        str(
            agent.create_data_source(**payloads.data_source(knowledge_base, _setup_name(index)))[
                "dataSource"
            ]["dataSourceId"]
        )
        for index in range(sources)
    ]


def _ingestion_jobs(count: int | None, *, sources: int | None = None) -> Prepare:
    """A knowledge base, its data sources (one per call unless ``sources``), and ``count``
    jobs (None: one per call), each on the next data source (one runs at a time on each:
    with a single data source, each job is finished before the next starts)."""

    def prepare(stage: Stage, calls: int) -> dict[str, Any]:
        agent = stage.client("bedrock-agent")
        knowledge_base, source_ids = _knowledge_base(stage, calls if sources is None else sources)
        jobs = []
        for index in range(calls if count is None else count):
            source = source_ids[index % len(source_ids)]
            started = agent.start_ingestion_job(**payloads.ingestion_job(knowledge_base, source))
            jobs.append(str(started["ingestionJob"]["ingestionJobId"]))
            if len(source_ids) == 1:
                stage.settle()
        return {"knowledge_base": knowledge_base, "sources": source_ids, "jobs": jobs}

    return prepare


def _ingestion_job(context: dict[str, Any], index: int) -> dict[str, Any]:
    """The keys of ingestion job ``index`` of ``context`` (Get, Stop)."""
    return {
        **payloads.ingestion_job(context["knowledge_base"], context["sources"][index]),
        "ingestionJobId": context["jobs"][index],
    }


def _evaluation_jobs(count: int | None, *, settle: bool = False) -> Prepare:
    """``count`` evaluation jobs ``setup-<n>`` (None: one for each call), finished if
    ``settle``; their ARNs."""

    def prepare(stage: Stage, calls: int) -> list[str]:
        bedrock = stage.client("bedrock")
        jobs = [
            str(
                bedrock.create_evaluation_job(**payloads.evaluation_job(_setup_name(index)))[
                    "jobArn"
                ]
            )
            for index in range(calls if count is None else count)
        ]
        if settle:
            stage.settle()
        return jobs

    return prepare


# -- the cases ------------------------------------------------------------------------

IMPORT_JOBS = "model import jobs"
IMPORTED_MODELS = "imported models"
CUSTOMIZATION_JOBS = "customization jobs"
CUSTOM_MODELS = "custom models"
COPY_JOBS = "copy jobs"
BATCH_JOBS = "batch inference jobs"
LOOKOUT_MODELS = "Lookout models"
LOOKOUT_IMPORTS = "Lookout imports"
INGESTION_JOBS = "ingestion jobs"
EVALUATION_JOBS = "evaluation jobs"
FAMILIES = (
    IMPORT_JOBS,
    IMPORTED_MODELS,
    CUSTOMIZATION_JOBS,
    CUSTOM_MODELS,
    COPY_JOBS,
    BATCH_JOBS,
    LOOKOUT_MODELS,
    LOOKOUT_IMPORTS,
    INGESTION_JOBS,
    EVALUATION_JOBS,
)


def installed(service: str, operation: str) -> bool:
    """Whether the installed botocore's model has ``operation`` (the oldest supported
    releases lack the newer ones, StopIngestionJob among them)."""
    return operation in service_model(service).operation_names


def cases(page: int = PAGE) -> tuple[Case, ...]:
    """Every case the installed botocore can call, with list pages of ``page`` items in a
    Region of ``page`` jobs."""
    return tuple(case for case in _every_case(page) if installed(case.service, case.operation))


def _every_case(page: int) -> tuple[Case, ...]:
    return (
        Case(
            IMPORT_JOBS,
            "CreateModelImportJob",
            "bedrock",
            lambda client, _, index: client.create_model_import_job(
                **payloads.import_job(_bench_name(index))
            ),
        ),
        Case(
            IMPORT_JOBS,
            "GetModelImportJob",
            "bedrock",
            lambda client, _, index: client.get_model_import_job(jobIdentifier="setup-0"),
            _import_jobs(1),
        ),
        Case(
            IMPORT_JOBS,
            "ListModelImportJobs",
            "bedrock",
            lambda client, _, index: client.list_model_import_jobs(maxResults=page),
            _import_jobs(page),
            list_page=True,
        ),
        Case(
            IMPORTED_MODELS,
            "GetImportedModel",
            "bedrock",
            lambda client, _, index: client.get_imported_model(modelIdentifier="setup-0-model"),
            _import_jobs(1, settle=True),
        ),
        Case(
            IMPORTED_MODELS,
            "ListImportedModels",
            "bedrock",
            lambda client, _, index: client.list_imported_models(maxResults=page),
            _import_jobs(page, settle=True),
            list_page=True,
        ),
        Case(
            CUSTOMIZATION_JOBS,
            "CreateModelCustomizationJob",
            "bedrock",
            lambda client, _, index: client.create_model_customization_job(
                **payloads.customization_job(_bench_name(index))
            ),
        ),
        Case(
            CUSTOMIZATION_JOBS,
            "GetModelCustomizationJob",
            "bedrock",
            lambda client, _, index: client.get_model_customization_job(jobIdentifier="setup-0"),
            _customization_jobs(1),
        ),
        Case(
            CUSTOMIZATION_JOBS,
            "ListModelCustomizationJobs",
            "bedrock",
            lambda client, _, index: client.list_model_customization_jobs(maxResults=page),
            _customization_jobs(page),
            list_page=True,
        ),
        Case(
            CUSTOMIZATION_JOBS,
            "StopModelCustomizationJob",
            "bedrock",
            lambda client, _, index: client.stop_model_customization_job(
                jobIdentifier=_setup_name(index)
            ),
            _customization_jobs(None),
        ),
        Case(
            CUSTOM_MODELS,
            "GetCustomModel",
            "bedrock",
            lambda client, _, index: client.get_custom_model(modelIdentifier="setup-0-model"),
            _customization_jobs(1, settle=True),
        ),
        Case(
            CUSTOM_MODELS,
            "ListCustomModels",
            "bedrock",
            lambda client, _, index: client.list_custom_models(maxResults=page),
            _customization_jobs(page, settle=True),
            list_page=True,
        ),
        Case(
            COPY_JOBS,
            "CreateModelCopyJob",
            "bedrock",
            lambda client, copies, index: client.create_model_copy_job(
                **payloads.copy_job(copies["source"], _bench_name(index))
            ),
            _copy_jobs(0),
        ),
        Case(
            COPY_JOBS,
            "GetModelCopyJob",
            "bedrock",
            lambda client, copies, index: client.get_model_copy_job(jobArn=copies["jobs"][0]),
            _copy_jobs(1),
        ),
        Case(
            COPY_JOBS,
            "ListModelCopyJobs",
            "bedrock",
            lambda client, _, index: client.list_model_copy_jobs(maxResults=page),
            _copy_jobs(page),
            list_page=True,
        ),
        Case(
            BATCH_JOBS,
            "CreateModelInvocationJob",
            "bedrock",
            lambda client, _, index: client.create_model_invocation_job(
                **payloads.batch_job(_bench_name(index))
            ),
        ),
        Case(
            BATCH_JOBS,
            "GetModelInvocationJob",
            "bedrock",
            lambda client, jobs, index: client.get_model_invocation_job(jobIdentifier=jobs[0]),
            _batch_jobs(1),
        ),
        Case(
            BATCH_JOBS,
            "ListModelInvocationJobs",
            "bedrock",
            lambda client, _, index: client.list_model_invocation_jobs(maxResults=page),
            _batch_jobs(page),
            list_page=True,
        ),
        Case(
            BATCH_JOBS,
            "StopModelInvocationJob",
            "bedrock",
            lambda client, jobs, index: client.stop_model_invocation_job(jobIdentifier=jobs[index]),
            _batch_jobs(None),
        ),
        Case(
            LOOKOUT_MODELS,
            "CreateModel",
            "lookoutequipment",
            lambda client, _, index: client.create_model(
                **payloads.lookout_model(_bench_name(index))
            ),
            _lookout_models(0),
        ),
        Case(
            LOOKOUT_MODELS,
            "DescribeModel",
            "lookoutequipment",
            lambda client, _, index: client.describe_model(ModelName="setup-0"),
            _lookout_models(1),
        ),
        Case(
            LOOKOUT_MODELS,
            "ListModels",
            "lookoutequipment",
            lambda client, _, index: client.list_models(MaxResults=page),
            _lookout_models(page),
            list_page=True,
        ),
        Case(
            LOOKOUT_IMPORTS,
            "ImportModelVersion",
            "lookoutequipment",
            lambda client, source, index: client.import_model_version(
                **payloads.model_version_import(source, _bench_name(index))
            ),
            _imported_versions(0),
        ),
        Case(
            LOOKOUT_IMPORTS,
            "DescribeModelVersion",
            "lookoutequipment",
            lambda client, _, index: client.describe_model_version(
                ModelName="setup-0", ModelVersion=1
            ),
            _imported_versions(1),
        ),
        Case(
            INGESTION_JOBS,
            "StartIngestionJob",
            "bedrock-agent",
            lambda client, context, index: client.start_ingestion_job(
                **payloads.ingestion_job(context["knowledge_base"], context["sources"][index])
            ),
            _ingestion_jobs(0),
        ),
        Case(
            INGESTION_JOBS,
            "GetIngestionJob",
            "bedrock-agent",
            lambda client, context, index: client.get_ingestion_job(**_ingestion_job(context, 0)),
            _ingestion_jobs(1, sources=1),
        ),
        Case(
            INGESTION_JOBS,
            "ListIngestionJobs",
            "bedrock-agent",
            lambda client, context, index: client.list_ingestion_jobs(
                **payloads.ingestion_job(context["knowledge_base"], context["sources"][0]),
                maxResults=page,
            ),
            _ingestion_jobs(page, sources=1),
            list_page=True,
        ),
        Case(
            INGESTION_JOBS,
            "StopIngestionJob",
            "bedrock-agent",
            lambda client, context, index: client.stop_ingestion_job(
                **_ingestion_job(context, index)
            ),
            _ingestion_jobs(None),
        ),
        Case(
            EVALUATION_JOBS,
            "CreateEvaluationJob",
            "bedrock",
            lambda client, _, index: client.create_evaluation_job(
                **payloads.evaluation_job(_bench_name(index))
            ),
        ),
        Case(
            EVALUATION_JOBS,
            "GetEvaluationJob",
            "bedrock",
            lambda client, jobs, index: client.get_evaluation_job(jobIdentifier=jobs[0]),
            _evaluation_jobs(1),
        ),
        Case(
            EVALUATION_JOBS,
            "ListEvaluationJobs",
            "bedrock",
            lambda client, _, index: client.list_evaluation_jobs(maxResults=page),
            _evaluation_jobs(page),
            list_page=True,
        ),
        Case(
            EVALUATION_JOBS,
            "StopEvaluationJob",
            "bedrock",
            lambda client, jobs, index: client.stop_evaluation_job(jobIdentifier=jobs[index]),
            _evaluation_jobs(None),
        ),
        Case(
            EVALUATION_JOBS,
            "BatchDeleteEvaluationJob",
            "bedrock",
            lambda client, jobs, index: client.batch_delete_evaluation_job(
                jobIdentifiers=[jobs[index]]
            ),
            _evaluation_jobs(None, settle=True),
        ),
    )


def named(operations: Iterable[str]) -> list[Case]:
    """The cases of ``operations``, in that order (``KeyError`` for one no case makes)."""
    by_operation = {case.operation: case for case in cases()}
    return [by_operation[operation] for operation in operations]


#: What the profiling tools (``benchmarks.hotspots``, ``benchmarks.stages``) look at
#: unless told: a create, a get and a list page.
PROFILED_OPERATIONS = (
    "CreateModelCustomizationJob",
    "GetModelCustomizationJob",
    "ListModelCustomizationJobs",
)
