"""Bedrock model import jobs and the imported models they produce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import quota_exceeded
from bedrock_jobs_mock.engine.quotas import check_concurrent_jobs
from bedrock_jobs_mock.engine.store import Resource, require
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list
from bedrock_jobs_mock.engine.world import World
from bedrock_jobs_mock.services.bedrock.jobs import (
    ModelJob,
    check_names,
    check_role,
    delete_resource,
    launch,
)
from bedrock_jobs_mock.services.bedrock.listing import list_resources
from bedrock_jobs_mock.services.bedrock.s3_data import missing_model_files

#: Architectures recognised in a model's S3 location, in the order they are tried;
#: the service reads the model's config.json, which the mock cannot (decided).
ARCHITECTURE_HINTS = (
    ("mixtral", "mixtral"),
    ("mistral", "mistral"),
    ("flan", "flan"),
    ("qwen", "qwen2"),
    ("llama", "llama"),
)
DEFAULT_ARCHITECTURE = "llama"
#: The version of the custom-model-unit accounting, in the form the model's pattern
#: (``v\\d+.\\d+``) requires.
CUSTOM_MODEL_UNITS_VERSION = "v1.0"


@dataclass(eq=False)
class ImportedModel(Resource):
    """A model brought in by a completed import job."""

    job_name: str
    job_arn: str
    model_data_source: JsonDict
    model_architecture: str
    kms_key_arn: str | None

    def describe(self) -> JsonDict:
        """GetImportedModel's answer, also a ListImportedModels summary."""
        return {
            "modelArn": self.arn,
            "modelName": self.name,
            "jobName": self.job_name,
            "jobArn": self.job_arn,
            "modelDataSource": self.model_data_source,
            "creationTime": self.creation_time,
            "modelArchitecture": self.model_architecture,
            "modelKmsKeyArn": self.kms_key_arn,
            "instructSupported": True,
            "customModelUnits": {
                "customModelUnitsPerModelCopy": 1,
                "customModelUnitsVersion": CUSTOM_MODEL_UNITS_VERSION,
            },
        }


@dataclass(eq=False)
class ModelImportJob(ModelJob):
    """A model import job: InProgress, then Completed with its model, or Failed."""

    KIND = "model_import"
    model_kind = ImportedModel
    model_what = "imported model"

    role_arn: str
    model_data_source: JsonDict
    vpc_config: JsonDict | None
    kms_key_arn: str | None
    status: str = "InProgress"
    last_modified_time: datetime | None = None
    end_time: datetime | None = None
    failure_message: str | None = None
    imported_model_arn: str | None = None

    @property
    def is_running(self) -> bool:
        """Whether the job is still InProgress."""
        return self.status == "InProgress"

    def complete(self, when: datetime) -> None:
        """Completed at ``when``: the imported model appears, created at ``when``."""
        model_id = self.state.backend.new_id()
        model = ImportedModel(
            arn=self.state.arn("bedrock", f"imported-model/{model_id}"),
            name=self.model_name,
            creation_time=when,
            job_name=self.name,
            job_arn=self.arn,
            model_data_source=self.model_data_source,
            model_architecture=_architecture_of(self.model_data_source),
            kms_key_arn=self.kms_key_arn,
        )
        self.publish(model)
        self.status, self.imported_model_arn = "Completed", model.arn
        self.last_modified_time = self.end_time = when

    def fail(self, when: datetime, message: str) -> None:
        """Failed at ``when`` with ``message``: no model; ``when`` is the end time."""
        self.status, self.failure_message = "Failed", message
        self.last_modified_time = self.end_time = when

    def problem_at_end(self, world: World) -> str | None:
        """An S3 location that holds no object fails the import."""
        uri = self.model_data_source.get("s3DataSource", {}).get("s3Uri")
        return missing_model_files(world, self.state.account, uri) if uri else None

    def describe(self) -> JsonDict:
        """GetModelImportJob's answer, also a ListModelImportJobs summary."""
        return {
            "jobArn": self.arn,
            "jobName": self.name,
            "importedModelName": self.model_name,
            "importedModelArn": self.imported_model_arn,
            "roleArn": self.role_arn,
            "modelDataSource": self.model_data_source,
            "status": self.status,
            "failureMessage": self.failure_message,
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
            "endTime": self.end_time,
            "vpcConfig": self.vpc_config,
            "importedModelKmsKeyArn": self.kms_key_arn,
        }


def _architecture_of(data_source: JsonDict) -> str:
    uri = str(data_source.get("s3DataSource", {}).get("s3Uri", "")).lower()
    return next((name for hint, name in ARCHITECTURE_HINTS if hint in uri), DEFAULT_ARCHITECTURE)


def _check_quotas(context: RequestContext) -> None:
    quotas = context.options.quotas
    check_concurrent_jobs(
        context, ModelImportJob, "concurrent_model_import_jobs", "model import jobs"
    )
    models = len(context.state.table(ImportedModel)) + context.state.running_count(ModelImportJob)
    limit = quotas["imported_models"]
    if limit is not None and models >= limit:
        raise quota_exceeded(
            "You have reached the maximum number of imported models "
            f"({limit}) for this account and region."
        )


@serves("bedrock", "CreateModelImportJob")
def create_model_import_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateModelImportJob: names checked, then the quotas, then the tags; the job
    runs for the ``model_import`` duration. Tag keys beginning with ``aws:`` are refused
    before anything else."""
    check_tag_keys(params, "jobTags", "importedModelTags")
    state = context.state
    check_names(state, ModelImportJob, params["jobName"], params["importedModelName"])
    _check_quotas(context)
    check_role(context, params["roleArn"])
    now = context.now
    job = ModelImportJob(
        arn=state.arn("bedrock", f"model-import-job/{context.backend.new_id()}"),
        name=params["jobName"],
        creation_time=now,
        state=state,
        model_name=params["importedModelName"],
        model_tags=tags_from_list(params.get("importedModelTags", [])),
        role_arn=params["roleArn"],
        model_data_source=params["modelDataSource"],
        vpc_config=params.get("vpcConfig"),
        kms_key_arn=state.kms_key_arn(params.get("importedModelKmsKeyId")),
        last_modified_time=now,
    )
    launch(job, tags_from_list(params.get("jobTags", [])))
    context.backend.start_run(job)
    return {"jobArn": job.arn}


@serves("bedrock", "GetModelImportJob")
def get_model_import_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetModelImportJob, by job name or ARN."""
    job = require(context.state.table(ModelImportJob), params["jobIdentifier"], "model import job")
    return context.read(job)


@serves("bedrock", "ListModelImportJobs")
def list_model_import_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListModelImportJobs, with the filters, sort and paging every Bedrock list has."""
    return list_resources(
        context,
        params,
        context.state.table(ModelImportJob),
        result_key="modelImportJobSummaries",
        describe=ModelImportJob.describe,
    )


@serves("bedrock", "GetImportedModel")
def get_imported_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetImportedModel, by model name or ARN."""
    table = context.state.table(ImportedModel)
    return require(table, params["modelIdentifier"], ModelImportJob.model_what).describe()


@serves("bedrock", "ListImportedModels")
def list_imported_models(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListImportedModels, with the filters, sort and paging every Bedrock list has."""
    return list_resources(
        context,
        params,
        context.state.table(ImportedModel),
        result_key="modelSummaries",
        describe=ImportedModel.describe,
    )


@serves("bedrock", "DeleteImportedModel")
def delete_imported_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteImportedModel, by model name or ARN: the model and its tags go."""
    table = context.state.table(ImportedModel)
    return delete_resource(context, table, params["modelIdentifier"], ModelImportJob.model_what)
