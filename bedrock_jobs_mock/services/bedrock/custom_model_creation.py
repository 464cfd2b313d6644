"""CreateCustomModel: a model brought into Bedrock from outside it.

The source is a checkpoint in Amazon S3 (``modelSourceConfig``, trained in
SageMaker) or a SageMaker model package (``customModelDataSource``). The
model exists at once, ``Creating``, under ``custom-model/imported/{id}`` with
customization type ``IMPORTED``; its creation ends on the clock, Active, or
Failed with a failure message (``env.fail``). The creation is a job of its
own with the model's ARN and name, so the test controls reach it by either.
Beside moto, the role must exist in its IAM (checked at once) and an S3 source
must hold the model's files (checked when the creation ends), as for imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import validation_error
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list
from bedrock_jobs_mock.engine.world import World
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.custom_models import (
    ACTIVE,
    CREATING,
    CUSTOM_MODEL,
    FAILED,
    BaseModel,
    CustomModel,
    Lineage,
)
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn
from bedrock_jobs_mock.services.bedrock.jobs import ModelJob, check_model_name, check_role
from bedrock_jobs_mock.services.bedrock.s3_data import missing_model_files

#: The customization type of every model CreateCustomModel makes.
IMPORTED = "IMPORTED"
#: The Nova model a source is a checkpoint of, from its location (``nova-micro``,
#: ``nova_pro``, ``nova.lite``, ...); Nova Lite otherwise. The service reads the
#: checkpoint; the mock cannot (decided).
NOVA_HINT = re.compile(r"nova[-_.]?(micro|lite|pro)(?![a-z])")
DEFAULT_BASE_MODEL = "amazon.nova-lite-v1:0"


@dataclass(eq=False)
class ModelCreation(ModelJob):
    """The creation of a model CreateCustomModel made: the model is Creating while it runs."""

    KIND = "custom_model_creation"
    model_kind = CustomModel
    model_what = CUSTOM_MODEL

    model: CustomModel
    #: The S3 location of the model's files; None for a SageMaker model package.
    s3_uri: str | None

    @property
    def is_running(self) -> bool:
        """Whether the model is still Creating."""
        return self.model.status == CREATING

    def complete(self, when: datetime) -> None:
        """The model is Active from ``when``."""
        self.model.status = ACTIVE

    def fail(self, when: datetime, message: str) -> None:
        """The model is Failed from ``when``, with ``message`` as its failureMessage."""
        self.model.status, self.model.failure_message = FAILED, message

    def problem_at_end(self, world: World) -> str | None:
        """An S3 source that holds no object fails the creation, as it fails an import."""
        return missing_model_files(world, self.state.account, self.s3_uri) if self.s3_uri else None

    def describe(self) -> JsonDict:
        """A creation is its model, as GetCustomModel answers."""
        return self.model.describe()


def _source_location(params: JsonDict) -> str:
    """Where the model comes from: the S3 URI or the model package ARN. Exactly one
    source must be given, and a role Bedrock assumes to read an S3 source."""
    s3_source = params.get("modelSourceConfig", {}).get("s3DataSource")
    package = params.get("customModelDataSource", {}).get("modelPackageArnDataSource")
    if (s3_source is None) == (package is None):
        raise validation_error(
            "Exactly one of modelSourceConfig and customModelDataSource must be provided."
        )
    if package is not None:
        return str(package["modelPackageArn"])
    if "roleArn" not in params:
        raise validation_error("roleArn is required when the model source is in Amazon S3.")
    return str(s3_source["s3Uri"])


def _lineage(state: RegionState, location: str) -> Lineage:
    """An IMPORTED model of the Nova model ``location`` hints at, with no training members."""
    hint = NOVA_HINT.search(location.lower())
    model_id = f"amazon.nova-{hint.group(1)}-v1:0" if hint else DEFAULT_BASE_MODEL
    foundation = catalog.customizable_variant(model_id)
    if foundation is None:
        raise LookupError(f"the catalogue has no customizable {model_id}")
    arn = foundation_model_arn(state, foundation.model_id)
    return Lineage(
        job_name=None,
        job_arn=None,
        base=BaseModel(foundation.model_id, arn, foundation, arn),
        customization_type=IMPORTED,
        hyper_parameters=None,
        training_data_config=None,
        validation_data_config=None,
        output_data_config=None,
        customization_config=None,
        training_metrics=None,
        validation_metrics=None,
    )


@serves("bedrock", "CreateCustomModel")
def create_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateCustomModel: tag keys beginning with ``aws:`` are refused, then the name
    (ConflictException when any custom model of the Region has it or a running job will
    make one with it), the source, the role and the tags' room are checked; the model then
    exists, Creating, and is Active after ``durations["custom_model_creation"]`` (or
    Failed, by ``env.fail`` or ``env.fail_next("custom_model_creation")``)."""
    check_tag_keys(params, "modelTags")
    state = context.state
    name = params["modelName"]
    check_model_name(state, ModelCreation, name)
    lineage = _lineage(state, _source_location(params))
    if "roleArn" in params:
        check_role(context, params["roleArn"])
    tags = tags_from_list(params.get("modelTags", []))
    arn = state.arn("bedrock", f"custom-model/imported/{context.backend.new_id()}")
    state.tags.check_room(arn, tags)
    now = context.now
    model = CustomModel(
        arn=arn,
        name=name,
        creation_time=now,
        lineage=lineage,
        kms_key_arn=state.kms_key_arn(params.get("modelKmsKeyArn")),
        status=CREATING,
    )
    creation = ModelCreation(
        arn=arn,
        name=name,
        creation_time=now,
        state=state,
        model_name=name,
        model_tags=tags,
        model=model,
        s3_uri=params.get("modelSourceConfig", {}).get("s3DataSource", {}).get("s3Uri"),
    )
    creation.publish(model)
    context.backend.track(creation)
    context.backend.start_run(creation)
    return {"modelArn": arn}
