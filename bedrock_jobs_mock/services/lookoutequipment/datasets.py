"""Datasets: CreateDataset, DescribeDataset, ListDatasets, DeleteDataset and ImportDataset.

The mock ingests no data: a created dataset stays CREATED, an imported one is
ACTIVE at once, and a model can be trained on either.
"""

from __future__ import annotations

import uuid

from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.errors import conflict
from bedrock_jobs_mock.paging import paginate
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import new_dataset_arn
from bedrock_jobs_mock.services.lookoutequipment.records import Dataset, require_dataset
from bedrock_jobs_mock.services.lookoutequipment.tags import add_tags, check_tag_room, request_tags
from bedrock_jobs_mock.store import require

#: DescribeDataset members an imported dataset takes from its source.
_COPIED_ON_IMPORT = (
    "Schema",
    "IngestionInputConfiguration",
    "RoleArn",
    "DataStartTime",
    "DataEndTime",
    "DataQualitySummary",
    "IngestedFilesSummary",
)


@serves("lookoutequipment", "CreateDataset")
def create_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    state, name = context.state, params["DatasetName"]
    if state.table(Dataset).by_name(name) is not None:
        raise conflict(f"The dataset '{name}' already exists.")
    arn, tags = new_dataset_arn(state, name), request_tags(params)
    check_tag_room(state, arn, tags)
    settings = {
        "Schema": params.get("DatasetSchema", {}).get("InlineDataSchema"),
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId")),
    }
    dataset = Dataset(arn, name, context.now, statuses.CREATED, context.now, settings)
    state.table(Dataset).add(dataset)
    add_tags(state, arn, tags)
    return {"DatasetName": name, "DatasetArn": arn, "Status": dataset.status}


@serves("lookoutequipment", "DescribeDataset")
def describe_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    return require_dataset(context.state, params["DatasetName"]).describe()


@serves("lookoutequipment", "ListDatasets")
def list_datasets(context: RequestContext, params: JsonDict) -> JsonDict:
    prefix = params.get("DatasetNameBeginsWith", "")
    page = paginate(
        context.state.table(Dataset),
        context.token_codec(),
        matches=lambda dataset: dataset.name.startswith(prefix),
        max_results=params.get("MaxResults"),
        next_token=params.get("NextToken"),
    )
    return {"DatasetSummaries": [d.describe() for d in page.items], "NextToken": page.next_token}


@serves("lookoutequipment", "DeleteDataset")
def delete_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    dataset = require_dataset(context.state, params["DatasetName"])
    context.state.table(Dataset).remove(dataset)
    context.state.tags.drop(dataset.arn)
    return {}


@serves("lookoutequipment", "ImportDataset")
def import_dataset(context: RequestContext, params: JsonDict) -> JsonDict:
    """Copy a dataset of the caller; an existing target dataset is overwritten in place."""
    state = context.state
    source = require(state.table(Dataset), params["SourceDatasetArn"], "dataset")
    name = params.get("DatasetName", source.name)
    target = state.table(Dataset).by_name(name)
    arn, tags = (target.arn if target else new_dataset_arn(state, name)), request_tags(params)
    check_tag_room(state, arn, tags)
    settings = {key: source.settings.get(key) for key in _COPIED_ON_IMPORT}
    settings["SourceDatasetArn"] = source.arn
    settings["ServerSideKmsKeyId"] = state.kms_key_arn(
        params.get("ServerSideKmsKeyId")
    ) or source.settings.get("ServerSideKmsKeyId")
    if target is None:
        target = Dataset(arn, name, context.now, statuses.ACTIVE, context.now, settings)
        state.table(Dataset).add(target)
    else:
        target.settings, target.status, target.last_updated = settings, statuses.ACTIVE, context.now
    add_tags(state, arn, tags)
    return {
        "DatasetName": name,
        "DatasetArn": arn,
        "Status": target.status,
        "JobId": uuid.uuid4().hex,
    }
