"""Datasets: CreateDataset, DescribeDataset, ListDatasets, DeleteDataset and ImportDataset.

The mock ingests no data: a created dataset stays CREATED, an imported one is
ACTIVE at once, and a model can be trained on either.
"""

from __future__ import annotations

import uuid

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict
from bedrock_jobs_mock.engine.store import require
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import new_dataset_arn
from bedrock_jobs_mock.services.lookoutequipment.records import Dataset, list_page, require_dataset
from bedrock_jobs_mock.services.lookoutequipment.tags import tagged


@serves("lookoutequipment", "CreateDataset")
def create_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    state, name = context.state, params["DatasetName"]
    if state.table(Dataset).by_name(name) is not None:
        raise conflict(f"The dataset '{name}' already exists.")
    settings = {
        "Schema": params.get("DatasetSchema", {}).get("InlineDataSchema"),
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId")),
    }
    arn = new_dataset_arn(state, name)
    dataset = Dataset(arn, name, context.now, statuses.CREATED, context.now, settings)
    with tagged(state, arn, params):
        state.table(Dataset).add(dataset)
    return {"DatasetName": name, "DatasetArn": arn, "Status": dataset.status}


@serves("lookoutequipment", "DescribeDataset")
def describe_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    return require_dataset(context.state, params["DatasetName"]).describe()


@serves("lookoutequipment", "ListDatasets")
def list_datasets(context: RequestContext, params: JsonDict) -> JsonDict:
    prefix = params.get("DatasetNameBeginsWith", "")
    return list_page(
        context,
        context.state.table(Dataset),
        params,
        "DatasetSummaries",
        lambda dataset: dataset.name.startswith(prefix),
    )


@serves("lookoutequipment", "DeleteDataset")
def delete_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    dataset = require_dataset(context.state, params["DatasetName"])
    context.state.table(Dataset).remove(dataset)
    context.state.tags.drop(dataset.arn)
    return {}


@serves("lookoutequipment", "ImportDataset")
def import_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    """Copy a dataset of the caller; an existing target dataset is overwritten in place.

    A dataset holds nothing but its schema and key here (the mock ingests no data),
    so the schema is all there is to copy.
    """
    state = context.state
    source = require(state.table(Dataset), params["SourceDatasetArn"], "dataset")
    name = params.get("DatasetName", source.name)
    target = state.table(Dataset).by_name(name)
    arn = target.arn if target else new_dataset_arn(state, name)
    settings = {
        "Schema": source.settings.get("Schema"),
        "SourceDatasetArn": source.arn,
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId"))
        or source.settings.get("ServerSideKmsKeyId"),
    }
    with tagged(state, arn, params):
        if target is None:
            target = Dataset(arn, name, context.now, statuses.ACTIVE, context.now, settings)
            state.table(Dataset).add(target)
        else:
            target.settings, target.status = settings, statuses.ACTIVE
            target.last_updated = context.now
    return {
        "DatasetName": name,
        "DatasetArn": arn,
        "Status": target.status,
        "JobId": uuid.uuid4().hex,
    }
