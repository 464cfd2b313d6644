"""The job families every control reaches: each starts one job of its kind through boto3
and reads back its status and failure message (``FAMILIES``, one per kind the installed
botocore serves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import boto3

from tests.batch_helpers import batch_job_request
from tests.evaluation_helpers import algorithmic_request
from tests.factories import (
    bring_model,
    copy_model,
    custom_model_request,
    customization_job_request,
    customize,
    has_operation,
    import_job_request,
)
from tests.kb_helpers import (
    agent_client,
    create_data_source,
    create_knowledge_base,
    get_job,
    knowledge_base_request,
    start_job,
)
from tests.lookout_helpers import OWNER, create_dataset, lookout_client, policy, train_model

#: The status and failure message of a job, as its Get/Describe operation reports them.
Outcome = tuple[str, "str | None"]
Reader = Callable[[], Outcome]


class Family(NamedTuple):
    kind: str
    start: Callable[[Any, int], Reader]
    completed: str
    failed: str


def bedrock_client() -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _read_bedrock_job(get: Callable[..., Any], arn: str) -> Reader:
    def read() -> Outcome:
        job = get(jobIdentifier=arn)
        return job["status"], job.get("failureMessage")

    return read


def start_import(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    request = import_job_request(f"import-{n}", f"imported-{n}")
    arn = bedrock.create_model_import_job(**request)["jobArn"]
    return _read_bedrock_job(bedrock.get_model_import_job, arn)


def start_customization(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    request = customization_job_request(f"tune-{n}", f"custom-{n}")
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    return _read_bedrock_job(bedrock.get_model_customization_job, arn)


def _start_copy(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    if n == 0:
        customize(env, bedrock, "copy-source")
    source = bedrock.get_custom_model(modelIdentifier="copy-source")["modelArn"]
    arn = copy_model(bedrock, source, f"copy-{n}")

    def read() -> Outcome:
        job = bedrock.get_model_copy_job(jobArn=arn)
        return job["status"], job.get("failureMessage")

    return read


def _start_creation(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    arn = bedrock.create_custom_model(**custom_model_request(f"brought-{n}"))["modelArn"]

    def read() -> Outcome:
        model = bedrock.get_custom_model(modelIdentifier=arn)
        return model["modelStatus"], model.get("failureMessage")

    return read


def _start_deployment(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    if n == 0:
        bring_model(env, bedrock, "deployed-model")
    model_arn = bedrock.get_custom_model(modelIdentifier="deployed-model")["modelArn"]
    arn = bedrock.create_custom_model_deployment(
        modelDeploymentName=f"deployment-{n}", modelArn=model_arn
    )["customModelDeploymentArn"]

    def read() -> Outcome:
        deployment = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
        return deployment["status"], deployment.get("failureMessage")

    return read


def _start_throughput(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    arn = bedrock.create_provisioned_model_throughput(
        provisionedModelName=f"throughput-{n}",
        modelId="amazon.titan-text-lite-v1:0:4k",
        modelUnits=1,
    )["provisionedModelArn"]

    def read() -> Outcome:
        throughput = bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
        return throughput["status"], throughput.get("failureMessage")

    return read


def _start_batch(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    arn = bedrock.create_model_invocation_job(**batch_job_request(f"batch-{n}"))["jobArn"]

    def read() -> Outcome:
        job = bedrock.get_model_invocation_job(jobIdentifier=arn)
        return job["status"], job.get("message")

    return read


def _start_evaluation(env: Any, n: int) -> Reader:
    bedrock = bedrock_client()
    arn = bedrock.create_evaluation_job(**algorithmic_request(f"evaluation-{n}"))["jobArn"]

    def read() -> Outcome:
        job = bedrock.get_evaluation_job(jobIdentifier=arn)
        messages = job.get("failureMessages")
        return job["status"], messages[0] if messages else None

    return read


def _read_version(client: Any, model: str, number: int) -> Reader:
    def read() -> Outcome:
        version = client.describe_model_version(ModelName=model, ModelVersion=number)
        return version["Status"], version.get("FailedReason")

    return read


def _start_lookout_training(env: Any, n: int) -> Reader:
    lookout = lookout_client()
    if n == 0:
        create_dataset(lookout)
    lookout.create_model(ModelName=f"pump-{n}", DatasetName="pump-data")
    return _read_version(lookout, f"pump-{n}", 1)


def _start_lookout_import(env: Any, n: int) -> Reader:
    owner, importer = lookout_client(OWNER), lookout_client()
    if n == 0:
        source = train_model(env, owner)["ActiveModelVersionArn"]
        owner.put_resource_policy(
            ResourceArn=source, ResourcePolicy=policy(principal={"AWS": "123456789012"})
        )
        create_dataset(importer)
    source = owner.describe_model(ModelName="pump-model")["ActiveModelVersionArn"]
    importer.import_model_version(
        SourceModelVersionArn=source, DatasetName="pump-data", ModelName=f"copy-{n}"
    )
    return _read_version(importer, f"copy-{n}", 1)


def _first_reason(resource: Any) -> str | None:
    reasons = resource.get("failureReasons")
    return str(reasons[0]) if reasons else None


def _start_knowledge_base(env: Any, n: int) -> Reader:
    agent = agent_client()
    created = agent.create_knowledge_base(**knowledge_base_request(f"kb-{n}"))
    knowledge_base_id = created["knowledgeBase"]["knowledgeBaseId"]

    def read() -> Outcome:
        knowledge_base = agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)
        return knowledge_base["knowledgeBase"]["status"], _first_reason(
            knowledge_base["knowledgeBase"]
        )

    return read


def _start_ingestion(env: Any, n: int) -> Reader:
    agent = agent_client()
    knowledge_base_id = create_knowledge_base(env, agent, f"synced-kb-{n}")
    data_source_id = create_data_source(agent, knowledge_base_id)
    job_id = start_job(agent, knowledge_base_id, data_source_id)

    def read() -> Outcome:
        job = get_job(agent, knowledge_base_id, data_source_id, job_id)
        return job["status"], _first_reason(job)

    return read


FAMILIES = [
    Family("model_import", start_import, "Completed", "Failed"),
    Family("model_customization", start_customization, "Completed", "Failed"),
    Family("lookout_model_training", _start_lookout_training, "SUCCESS", "FAILED"),
    Family("lookout_model_import", _start_lookout_import, "SUCCESS", "FAILED"),
    Family("provisioned_throughput", _start_throughput, "InService", "Failed"),
    Family("model_copy", _start_copy, "Completed", "Failed"),
    Family("knowledge_base", _start_knowledge_base, "ACTIVE", "FAILED"),
    Family("ingestion_job", _start_ingestion, "COMPLETE", "FAILED"),
    Family("model_evaluation", _start_evaluation, "Completed", "Failed"),
]
if has_operation("bedrock", "CreateModelInvocationJob"):  # absent from the oldest models
    FAMILIES.append(Family("model_invocation", _start_batch, "Completed", "Failed"))
if has_operation("bedrock", "CreateCustomModelDeployment"):  # absent from the oldest models
    FAMILIES += [
        Family("custom_model_creation", _start_creation, "Active", "Failed"),
        Family("custom_model_deployment", _start_deployment, "Active", "Failed"),
    ]
