"""ARNs of Lookout for Equipment resources: ``dataset/{name}/{uuid}``, ``model/{name}/{uuid}``."""

from __future__ import annotations

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.identifiers import long_id

SERVICE = "lookoutequipment"
_VERSION_PART = "/model-version/"


def new_dataset_arn(state: RegionState, name: str) -> str:
    return state.arn(SERVICE, f"dataset/{name}/{long_id()}")


def new_model_arn(state: RegionState, name: str) -> str:
    return state.arn(SERVICE, f"model/{name}/{long_id()}")


def version_arn(model_arn: str, number: int) -> str:
    return f"{model_arn}{_VERSION_PART}{number}"


def split_version_arn(arn: str) -> tuple[str, int] | None:
    """``(model ARN, version number)`` of a model version ARN, else None."""
    model_arn, separator, number = arn.rpartition(_VERSION_PART)
    if not separator or not number.isdigit():
        return None
    return model_arn, int(number)
