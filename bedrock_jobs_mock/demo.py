"""``python -m bedrock_jobs_mock demo``: jobs moving through their lifecycle on the mock clock."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Callable

import boto3
from botocore.exceptions import ClientError

from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.mock import BedrockJobsMock
from bedrock_jobs_mock.services import served_services

START = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
ROLE = "arn:aws:iam::123456789012:role/DemoRole"

Say = Callable[[str], None]


def run_demo(write: Callable[[str], Any] = print) -> None:
    """Walk an import job, a customization job, copies across Regions and accounts, a
    model brought in and deployed, a cross-account Lookout import, batch inference jobs,
    a knowledge base synced twice, and an evaluation of the customized model."""
    with BedrockJobsMock(start_time=START) as env:

        def say(text: str) -> None:
            write(f"[{env.clock.now():%H:%M:%S}] {text}")

        write("bedrock-jobs-mock demo: jobs on a clock the test owns\n")
        write("== Bedrock model import ==")
        _import_scene(env, say)
        write("\n== Bedrock model customization ==")
        tuned = _customization_scene(env, say)
        write("\n== Bedrock model copy: to another Region, and from a shared model ==")
        _copy_scene(env, say, tuned)
        write("\n== Bedrock: a model brought in with CreateCustomModel, then deployed ==")
        if "CreateCustomModelDeployment" in service_model("bedrock").operation_names:
            _deployment_scene(env, say)
        else:
            say("skipped: this botocore's service model has no custom model deployments")
        write("\n== Lookout for Equipment: import a model version from another account ==")
        if "lookoutequipment" in served_services():
            _lookout_scene(env, say)
        else:
            say("skipped: this botocore has no Lookout for Equipment model (AWS retired it)")
        write("\n== Bedrock batch inference: a job through every status, another stopped ==")
        if "CreateModelInvocationJob" in service_model("bedrock").operation_names:
            _batch_scene(env, say)
        else:
            say("skipped: this botocore's service model has no batch inference jobs")
        write("\n== Bedrock batch inference beside moto's S3: records in, answers out ==")
        _batch_records_scene(env, say)
        write("\n== Knowledge base ingestion beside moto's S3: synced twice ==")
        _ingestion_scene(env, say)
        write("\n== Bedrock model evaluation of demo-titan-tuned ==")
        _evaluation_scene(env, say, tuned)
        write("\nNo network, no AWS account: every answer came from the mock.")


def _import_scene(env: BedrockJobsMock, say: Say) -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")

    def status(arn: str) -> str:
        return str(bedrock.get_model_import_job(jobIdentifier=arn)["status"])

    created = bedrock.create_model_import_job(
        jobName="demo-import",
        importedModelName="demo-llama",
        roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://demo-bucket/llama3-8b/"}},
    )
    arn = created["jobArn"]
    say(f"CreateModelImportJob -> HTTP {created['ResponseMetadata']['HTTPStatusCode']}")
    say(f"  jobArn {arn}")
    say(f"GetModelImportJob    -> {status(arn)}")
    say(f"ListImportedModels   -> {_model_names(bedrock.list_imported_models())}")
    env.clock.advance(minutes=10)
    say(f"clock.advance(minutes=10); GetModelImportJob -> {status(arn)}")
    env.clock.advance(minutes=5)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    say(f"clock.advance(minutes=5);  GetModelImportJob -> {job['status']}")
    say(f"  endTime {job['endTime'].astimezone(timezone.utc):%H:%M:%S}")
    say(f"  importedModelArn {job['importedModelArn']}")
    say(f"ListImportedModels   -> {_model_names(bedrock.list_imported_models())}")

    failing = bedrock.create_model_import_job(
        jobName="demo-import-2",
        importedModelName="demo-mistral",
        roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://demo-bucket/mistral-7b/"}},
    )["jobArn"]
    env.fail(failing, message="The model's config.json could not be read.")
    failed = bedrock.get_model_import_job(jobIdentifier=failing)
    say(f"env.fail(...);       GetModelImportJob -> {failed['status']}")
    say(f"  failureMessage {failed['failureMessage']!r}")


def _customization_scene(env: BedrockJobsMock, say: Say) -> str:
    """Run a customization job through its phases; return its custom model's ARN."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    arn = bedrock.create_model_customization_job(
        jobName="demo-tune",
        customModelName="demo-titan-tuned",
        roleArn=ROLE,
        baseModelIdentifier="amazon.titan-text-express-v1",
        hyperParameters={"epochCount": "2"},
        trainingDataConfig={"s3Uri": "s3://demo-bucket/train.jsonl"},
        outputDataConfig={"s3Uri": "s3://demo-bucket/output/"},
    )["jobArn"]
    say("CreateModelCustomizationJob demo-tune (Titan Text Express, FINE_TUNING)")
    for minutes in (0, 10, 30, 20):
        env.clock.advance(minutes=minutes)
        job = bedrock.get_model_customization_job(jobIdentifier=arn)
        phases = {
            phase.replace("Details", ""): details["status"]
            for phase, details in job.get("statusDetails", {}).items()
        }
        say(f"  +{minutes:>2} min -> {job['status']:<10} {phases}")
    say(f"  trainingMetrics {job['trainingMetrics']}")
    say(f"ListCustomModels -> {_model_names(bedrock.list_custom_models())}")
    return str(job["outputModelArn"])


def _copy_scene(env: BedrockJobsMock, say: Say, source: str) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = west.create_model_copy_job(sourceModelArn=source, targetModelName="demo-titan-west")[
        "jobArn"
    ]
    say("us-west-2: CreateModelCopyJob of demo-titan-tuned (us-east-1) -> demo-titan-west")
    say(f"  jobArn {arn}")
    say(f"  GetModelCopyJob -> {west.get_model_copy_job(jobArn=arn)['status']}")
    env.clock.advance(minutes=10)
    job = west.get_model_copy_job(jobArn=arn)
    say(f"  clock.advance(minutes=10) -> {job['status']}")
    say(f"  targetModelArn {job['targetModelArn']}")

    partner = _bedrock_client("222222222222")
    say(
        "account 222222222222: ListCustomModels(isOwned=False) -> "
        f"{_model_names(partner.list_custom_models(isOwned=False))}"
    )
    env.share_model(source, with_account="222222222222")
    shared = partner.list_custom_models(isOwned=False)["modelSummaries"]
    say(f"env.share_model(...) -> {[(m['modelName'], m.get('ownerAccountId')) for m in shared]}")
    arn = partner.create_model_copy_job(sourceModelArn=source, targetModelName="partner-titan")[
        "jobArn"
    ]
    env.settle()
    job = partner.get_model_copy_job(jobArn=arn)
    say(f"  CreateModelCopyJob; settle() -> {job['status']}, from {job['sourceAccountId']}")
    say(
        f"  ListCustomModels(isOwned=True) -> "
        f"{_model_names(partner.list_custom_models(isOwned=True))}"
    )


def _deployment_scene(env: BedrockJobsMock, say: Say) -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    model_arn = bedrock.create_custom_model(
        modelName="demo-nova",
        modelSourceConfig={"s3DataSource": {"s3Uri": "s3://demo-bucket/nova-lite-checkpoint/"}},
        roleArn=ROLE,
    )["modelArn"]
    say(f"CreateCustomModel -> {_model_status(bedrock, model_arn)}")
    env.clock.advance(minutes=15)
    say(f"  clock.advance(minutes=15) -> {_model_status(bedrock, model_arn)}")
    arn = bedrock.create_custom_model_deployment(
        modelDeploymentName="demo-nova-endpoint", modelArn=model_arn
    )["customModelDeploymentArn"]
    say(f"CreateCustomModelDeployment -> {_deployment_status(bedrock, arn)}")
    env.settle()
    say(f"  settle() -> {_deployment_status(bedrock, arn)}")


def _model_status(bedrock: Any, arn: str) -> str:
    return str(bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"])


def _deployment_status(bedrock: Any, arn: str) -> str:
    deployment = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    return str(deployment["status"])


def _lookout_scene(env: BedrockJobsMock, say: Say) -> None:
    owner, importer = _lookout_client("111111111111"), _lookout_client("222222222222")
    owner.create_dataset(DatasetName="pump-data")
    owner.create_model(ModelName="pump-model", DatasetName="pump-data")
    say("account 111111111111: CreateModel pump-model (training)")
    env.settle()
    version = owner.describe_model_version(ModelName="pump-model", ModelVersion=1)
    say(f"  settle() -> version 1 {version['Status']}")
    source = version["ModelVersionArn"]
    owner.put_resource_policy(
        ResourceArn=source,
        ResourcePolicy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                        "Action": "lookoutequipment:ImportModelVersion",
                        "Resource": "*",
                    }
                ],
            }
        ),
    )
    say("  PutResourcePolicy: account 222222222222 may import it")
    importer.create_dataset(DatasetName="plant-b-data")
    imported = importer.import_model_version(
        SourceModelVersionArn=source, DatasetName="plant-b-data"
    )
    say(f"account 222222222222: ImportModelVersion -> {imported['Status']}")
    env.clock.advance(minutes=10)
    target = importer.describe_model_version(ModelName="pump-model", ModelVersion=1)
    say(f"  clock.advance(minutes=10) -> {target['Status']}, SourceType {target['SourceType']}")


def _batch_scene(env: BedrockJobsMock, say: Say) -> None:
    """A batch inference job's lifecycle (without moto's S3: no records are read)."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")

    def create(name: str) -> str:
        return str(
            bedrock.create_model_invocation_job(
                jobName=name,
                modelId="us.amazon.nova-lite-v1:0",
                roleArn=ROLE,
                inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://demo-bucket/batch/in.jsonl"}},
                outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://demo-bucket/batch/out/"}},
            )["jobArn"]
        )

    def status(arn: str) -> str:
        return str(bedrock.get_model_invocation_job(jobIdentifier=arn)["status"])

    arn = create("demo-batch")
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    say("CreateModelInvocationJob demo-batch (us.amazon.nova-lite-v1:0)")
    say(f"  modelId {job['modelId']}")
    say(f"  jobExpirationTime {job['jobExpirationTime'].astimezone(timezone.utc):%H:%M:%S} (+24 h)")
    for minutes in (0, 1, 4, 1, 14):
        env.clock.advance(minutes=minutes)
        say(f"  +{minutes:>2} min -> {status(arn)}")
    stopped = create("demo-batch-2")
    env.clock.advance(minutes=6)
    say(f"demo-batch-2 +6 min -> {status(stopped)}; StopModelInvocationJob")
    bedrock.stop_model_invocation_job(jobIdentifier=stopped)
    say(f"  -> {status(stopped)}")
    env.clock.advance(minutes=1)
    say(f"  +1 min -> {status(stopped)}")
    try:
        bedrock.stop_model_invocation_job(jobIdentifier=arn)
    except ClientError as error:
        say(f"StopModelInvocationJob demo-batch -> {error.response['Error']['Message']}")


def _batch_records_scene(env: BedrockJobsMock, say: Say) -> None:
    """A batch job reading its records from an input file in moto's S3 and writing its
    answers and manifest there (where moto is installed: the package never needs it)."""
    if "CreateModelInvocationJob" not in service_model("bedrock").operation_names:
        say("skipped: this botocore's service model has no batch inference jobs")
        return
    try:
        from moto import mock_aws
    except ImportError:
        say("skipped: moto is not installed (pip install 'bedrock-jobs-mock[moto]')")
        return
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="demo-batch-data")
        records = (
            {
                "recordId": f"CALL{number:07d}",
                "modelInput": {
                    "anthropic_version": "bedrock-2023-05-31",
                    "max_tokens": 64,
                    "messages": [{"role": "user", "content": f"Summarise call {number}."}],
                },
            }
            for number in range(100)
        )
        body = "\n".join(json.dumps(record) for record in records) + "\n"
        s3.put_object(Bucket="demo-batch-data", Key="in/calls.jsonl", Body=body.encode())
        say("moto's S3: s3://demo-batch-data/in/calls.jsonl, 100 records")
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = bedrock.create_model_invocation_job(
            jobName="demo-batch-records",
            modelId="anthropic.claude-3-haiku-20240307-v1:0",
            roleArn=ROLE,
            inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://demo-batch-data/in/calls.jsonl"}},
            outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://demo-batch-data/out/"}},
        )["jobArn"]
        say("CreateModelInvocationJob demo-batch-records (Claude 3 Haiku)")
        env.settle()
        job = bedrock.get_model_invocation_job(jobIdentifier=arn)
        folder = f"out/{arn.rsplit('/', 1)[1]}/"
        manifest = s3.get_object(Bucket="demo-batch-data", Key=folder + "manifest.json.out")
        manifest_text = manifest["Body"].read()
        counts = json.loads(manifest_text)
        # The counts as Get answers them, where this botocore's model has them.
        counts.update((name, value) for name, value in job.items() if name.endswith("RecordCount"))
        say(
            f"env.settle(); GetModelInvocationJob -> {job['status']}, "
            f"{counts['successRecordCount']} of {counts['totalRecordCount']} records answered"
        )
        for entry in s3.list_objects_v2(Bucket="demo-batch-data", Prefix=folder)["Contents"]:
            say(f"  s3://demo-batch-data/{entry['Key']} ({entry['Size']:,} bytes)")
        output = s3.get_object(Bucket="demo-batch-data", Key=folder + "calls.jsonl.out")
        first = json.loads(output["Body"].read().splitlines()[0])
        say(f"  {first['recordId']}: {first['modelOutput']['content'][0]['text']!r}")
        say(f"  manifest.json.out {json.loads(manifest_text)}")


def _moto_mock_aws() -> Any:
    """moto's ``mock_aws``, or None where moto is not installed (the package never needs it)."""
    try:
        from moto import mock_aws
    except ImportError:
        return None
    return mock_aws


def _ingestion_scene(env: BedrockJobsMock, say: Say) -> None:
    """A knowledge base over a bucket in moto's S3, synced, changed, and synced again: the
    second sync counts one new, one modified and one deleted document."""
    mock_aws = _moto_mock_aws()
    if "bedrock-agent" not in served_services():
        say("skipped: this botocore has no bedrock-agent model")
        return
    if mock_aws is None:
        say("skipped: moto is not installed (pip install 'bedrock-jobs-mock[moto]')")
        return
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="demo-kb-docs")
        for key in ("faq.md", "returns.txt", "shipping.html"):
            s3.put_object(Bucket="demo-kb-docs", Key=f"docs/{key}", Body=f"About {key}.".encode())
        say("moto's S3: s3://demo-kb-docs/docs/ faq.md, returns.txt, shipping.html")
        agent = boto3.client("bedrock-agent", region_name="us-east-1")
        knowledge_base = agent.create_knowledge_base(
            name="demo-kb",
            roleArn=ROLE,
            knowledgeBaseConfiguration={
                "type": "VECTOR",
                "vectorKnowledgeBaseConfiguration": {
                    "embeddingModelArn": (
                        "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
                    )
                },
            },
            storageConfiguration={
                "type": "OPENSEARCH_SERVERLESS",
                "opensearchServerlessConfiguration": {
                    "collectionArn": "arn:aws:aoss:us-east-1:123456789012:collection/demokb",
                    "vectorIndexName": "demo-index",
                    "fieldMapping": {
                        "vectorField": "vector",
                        "textField": "text",
                        "metadataField": "metadata",
                    },
                },
            },
        )["knowledgeBase"]
        base_id = knowledge_base["knowledgeBaseId"]
        say(f"CreateKnowledgeBase demo-kb -> {knowledge_base['status']}")
        env.settle()
        status = agent.get_knowledge_base(knowledgeBaseId=base_id)["knowledgeBase"]["status"]
        say(f"  settle() -> {status}")
        source_id = agent.create_data_source(
            knowledgeBaseId=base_id,
            name="demo-docs",
            dataSourceConfiguration={
                "type": "S3",
                "s3Configuration": {
                    "bucketArn": "arn:aws:s3:::demo-kb-docs",
                    "inclusionPrefixes": ["docs/"],
                },
            },
        )["dataSource"]["dataSourceId"]

        def sync() -> None:
            job = agent.start_ingestion_job(knowledgeBaseId=base_id, dataSourceId=source_id)
            say(f"StartIngestionJob -> {job['ingestionJob']['status']}")
            env.settle()
            ended = agent.get_ingestion_job(
                knowledgeBaseId=base_id,
                dataSourceId=source_id,
                ingestionJobId=job["ingestionJob"]["ingestionJobId"],
            )["ingestionJob"]
            say(f"  settle() -> {ended['status']}")
            counted = {name: n for name, n in ended["statistics"].items() if n}
            say(f"  statistics (the others 0) {counted}")

        sync()
        s3.put_object(Bucket="demo-kb-docs", Key="docs/warranty.md", Body=b"About warranties.")
        s3.put_object(Bucket="demo-kb-docs", Key="docs/faq.md", Body=b"About faq.md, revised.")
        s3.delete_object(Bucket="demo-kb-docs", Key="docs/shipping.html")
        say("moto's S3: warranty.md added, faq.md rewritten, shipping.html deleted")
        sync()


def _evaluation_scene(env: BedrockJobsMock, say: Say, tuned: str) -> None:
    """An automated evaluation of the customized model (through its Provisioned Throughput
    where this botocore's model takes no custom model in an evaluation job), with the
    scores read back from moto's S3 where moto is installed."""
    if "CreateEvaluationJob" not in service_model("bedrock").operation_names:
        say("skipped: this botocore's service model has no evaluation jobs")
        return
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    model = tuned
    member = service_model("bedrock").shape_for("EvaluationBedrockModel").members
    if ":custom-model/" not in member["modelIdentifier"].metadata["pattern"]:
        model = bedrock.create_provisioned_model_throughput(
            provisionedModelName="demo-titan-pt", modelId=tuned, modelUnits=1
        )["provisionedModelArn"]
        throughput = bedrock.get_provisioned_model_throughput(provisionedModelId=model)
        say(f"CreateProvisionedModelThroughput demo-titan-pt -> {throughput['status']}")
        env.settle()
        throughput = bedrock.get_provisioned_model_throughput(provisionedModelId=model)
        say(f"  settle() -> {throughput['status']} (evaluation jobs take its ARN)")
    mock_aws = _moto_mock_aws()
    if mock_aws is None:
        say("moto is not installed: the job's lifecycle alone, no dataset read, no scores")
        _evaluate(env, say, bedrock, model, s3=None)
        return
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="demo-eval-data")
        prompts = (
            ("What is the capital of France?", "Paris"),
            ("How many legs has a spider?", "Eight"),
            ("Which planet is the largest?", "Jupiter"),
        )
        lines = (json.dumps({"prompt": p, "referenceResponse": r}) for p, r in prompts)
        s3.put_object(Bucket="demo-eval-data", Key="prompts.jsonl", Body="\n".join(lines).encode())
        say("moto's S3: s3://demo-eval-data/prompts.jsonl, 3 questions and their answers")
        _evaluate(env, say, bedrock, model, s3=s3)


def _evaluate(env: BedrockJobsMock, say: Say, bedrock: Any, model: str, s3: Any) -> None:
    arn = bedrock.create_evaluation_job(
        jobName="demo-eval",
        roleArn=ROLE,
        evaluationConfig={
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "QuestionAndAnswer",
                        "dataset": {
                            "name": "demo-questions",
                            "datasetLocation": {"s3Uri": "s3://demo-eval-data/prompts.jsonl"},
                        },
                        "metricNames": ["Builtin.Accuracy", "Builtin.Robustness"],
                    }
                ]
            }
        },
        inferenceConfig={
            "models": [
                {
                    "bedrockModel": {
                        "modelIdentifier": model,
                        "inferenceParams": '{"inferenceConfig":{"maxTokens":512}}',
                    }
                }
            ]
        },
        outputDataConfig={"s3Uri": "s3://demo-eval-data/results/"},
    )["jobArn"]
    say("CreateEvaluationJob demo-eval (Builtin.Accuracy, Builtin.Robustness)")
    for minutes in (0, 10):
        env.clock.advance(minutes=minutes)
        status = bedrock.get_evaluation_job(jobIdentifier=arn)["status"]
        say(f"  +{minutes:>2} min -> {status}")
    if s3 is None:
        return
    folder = f"results/demo-eval/{arn.rsplit('/', 1)[1]}/"
    listed = s3.list_objects_v2(Bucket="demo-eval-data", Prefix=folder)["Contents"]
    (key,) = [found["Key"] for found in listed if found["Key"].endswith("_output.jsonl")]
    say(f"  s3://demo-eval-data/{key}")
    first = s3.get_object(Bucket="demo-eval-data", Key=key)["Body"].read().splitlines()[0]
    result = json.loads(first)
    scores = {s["metricName"]: s["result"] for s in result["automatedEvaluationResult"]["scores"]}
    say(f"  {result['inputRecord']['prompt']!r}: {scores}")


def _lookout_client(account: str) -> Any:
    return _client("lookoutequipment", account)


def _bedrock_client(account: str) -> Any:
    return _client("bedrock", account)


def _client(service: str, account: str) -> Any:
    """A client of ``service`` in us-east-1 acting as ``account``."""
    return boto3.client(
        service, region_name="us-east-1", aws_access_key_id=account, aws_secret_access_key="demo"
    )


def _model_names(listing: Any) -> list[str]:
    return [model["modelName"] for model in listing["modelSummaries"]]
