"""Bedrock model import jobs and the imported models they produce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.backend import RegionState
from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.errors import conflict, quota_exceeded, validation_error
from bedrock_jobs_mock.lifecycle import Job
from bedrock_jobs_mock.services.bedrock.listing import list_resources
from bedrock_jobs_mock.store import Resource, require
from bedrock_jobs_mock.tagging import tags_from_list

JOB_NAME_IN_USE = "The provided job name is currently in use."

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


@dataclass(eq=False)
class ImportedModel(Resource):
    job_name: str
    job_arn: str
    model_data_source: JsonDict
    model_architecture: str
    kms_key_arn: str | None

    def describe(self) -> JsonDict:
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
                "customModelUnitsVersion": "1.0",
            },
        }


@dataclass(eq=False)
class ModelImportJob(Job):
    state: RegionState
    imported_model_name: str
    role_arn: str
    model_data_source: JsonDict
    vpc_config: JsonDict | None
    kms_key_arn: str | None
    model_tags: dict[str, str]
    status: str = "InProgress"
    last_modified_time: datetime | None = None
    end_time: datetime | None = None
    failure_message: str | None = None
    imported_model_arn: str | None = None

    @property
    def is_running(self) -> bool:
        return self.status == "InProgress"

    def complete(self, when: datetime) -> None:
        model_id = self.state.backend.new_id()
        model = ImportedModel(
            arn=self.state.arn("bedrock", f"imported-model/{model_id}"),
            name=self.imported_model_name,
            creation_time=when,
            job_name=self.name,
            job_arn=self.arn,
            model_data_source=self.model_data_source,
            model_architecture=_architecture_of(self.model_data_source),
            kms_key_arn=self.kms_key_arn,
        )
        self.state.table(ImportedModel).add(model)
        self.state.tags.add(model.arn, self.model_tags)
        self.status, self.imported_model_arn = "Completed", model.arn
        self.last_modified_time = self.end_time = when

    def fail(self, when: datetime, message: str) -> None:
        self.status, self.failure_message, self.last_modified_time = "Failed", message, when

    def describe(self) -> JsonDict:
        return {
            "jobArn": self.arn,
            "jobName": self.name,
            "importedModelName": self.imported_model_name,
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
    running = context.state.running_jobs(ModelImportJob)
    if len(running) >= quotas["concurrent_model_import_jobs"]:
        raise quota_exceeded(
            "You have reached the maximum number of concurrent model import jobs "
            f"({quotas['concurrent_model_import_jobs']}) for this account and region."
        )
    models = len(context.state.table(ImportedModel)) + len(running)
    if models >= quotas["imported_models"]:
        raise quota_exceeded(
            "You have reached the maximum number of imported models "
            f"({quotas['imported_models']}) for this account and region."
        )


def _model_name_in_use(state: RegionState, name: str) -> bool:
    return state.table(ImportedModel).by_name(name) is not None or any(
        job.imported_model_name == name for job in state.running_jobs(ModelImportJob)
    )


@serves("bedrock", "CreateModelImportJob")
def create_model_import_job(context: RequestContext, params: JsonDict) -> JsonDict:
    state = context.state
    jobs = state.table(ModelImportJob)
    if jobs.by_name(params["jobName"]) is not None:
        raise validation_error(JOB_NAME_IN_USE)
    if _model_name_in_use(state, params["importedModelName"]):
        raise conflict(f"An imported model named {params['importedModelName']} already exists.")
    _check_quotas(context)
    job_arn = state.arn("bedrock", f"model-import-job/{context.backend.new_id()}")
    job_tags = tags_from_list(params.get("jobTags", []))
    model_tags = tags_from_list(params.get("importedModelTags", []))
    state.tags.check_room(job_arn, job_tags)
    state.tags.check_room(job_arn, model_tags)
    now = context.now
    job = ModelImportJob(
        arn=job_arn,
        name=params["jobName"],
        creation_time=now,
        state=state,
        imported_model_name=params["importedModelName"],
        role_arn=params["roleArn"],
        model_data_source=params["modelDataSource"],
        vpc_config=params.get("vpcConfig"),
        kms_key_arn=state.kms_key_arn(params.get("importedModelKmsKeyId")),
        model_tags=model_tags,
        last_modified_time=now,
    )
    state.launch(job)
    state.tags.add(job_arn, job_tags)
    context.backend.scheduler.at(now + context.options.durations["model_import"], job, job.complete)
    return {"jobArn": job_arn}


@serves("bedrock", "GetModelImportJob")
def get_model_import_job(context: RequestContext, params: JsonDict) -> JsonDict:
    job = require(context.state.table(ModelImportJob), params["jobIdentifier"], "model import job")
    return job.describe()


@serves("bedrock", "ListModelImportJobs")
def list_model_import_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    return list_resources(
        context,
        params,
        context.state.table(ModelImportJob),
        result_key="modelImportJobSummaries",
        describe=ModelImportJob.describe,
        status_of=lambda job: job.status,
    )


@serves("bedrock", "GetImportedModel")
def get_imported_model(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require(context.state.table(ImportedModel), params["modelIdentifier"], "imported model")
    return model.describe()


@serves("bedrock", "ListImportedModels")
def list_imported_models(context: RequestContext, params: JsonDict) -> JsonDict:
    return list_resources(
        context,
        params,
        context.state.table(ImportedModel),
        result_key="modelSummaries",
        describe=ImportedModel.describe,
    )


@serves("bedrock", "DeleteImportedModel")
def delete_imported_model(context: RequestContext, params: JsonDict) -> JsonDict:
    table = context.state.table(ImportedModel)
    model = require(table, params["modelIdentifier"], "imported model")
    table.remove(model)
    context.state.tags.drop(model.arn)
    return {}
