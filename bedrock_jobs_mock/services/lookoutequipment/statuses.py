"""Statuses, source types and strategies of Lookout for Equipment, as botocore's model names them.

Each value is checked against its enum in the model when the mock is imported,
so a model that dropped or renamed one fails loudly instead of answering with
a value no client knows.
"""

from __future__ import annotations

from bedrock_jobs_mock.engine.servicemodel import service_model


def _member(enum_shape: str, value: str) -> str:
    """``value``, after checking that the model's ``enum_shape`` holds it."""
    if value not in service_model("lookoutequipment").shape_for(enum_shape).enum:
        raise RuntimeError(f"botocore's lookoutequipment {enum_shape} has no value {value!r}")
    return value


# Model version (and model) statuses.
IN_PROGRESS = _member("ModelVersionStatus", "IN_PROGRESS")
IMPORT_IN_PROGRESS = _member("ModelVersionStatus", "IMPORT_IN_PROGRESS")
SUCCESS = _member("ModelVersionStatus", "SUCCESS")
FAILED = _member("ModelVersionStatus", "FAILED")

# Where a model version came from.
TRAINING = _member("ModelVersionSourceType", "TRAINING")
IMPORT = _member("ModelVersionSourceType", "IMPORT")

# Dataset statuses.
CREATED = _member("DatasetStatus", "CREATED")
ACTIVE = _member("DatasetStatus", "ACTIVE")

# What ImportModelVersion does with the source model's inference data.
NO_IMPORT = _member("InferenceDataImportStrategy", "NO_IMPORT")
ADD_WHEN_EMPTY = _member("InferenceDataImportStrategy", "ADD_WHEN_EMPTY")
OVERWRITE = _member("InferenceDataImportStrategy", "OVERWRITE")

# Model quality of a successful version.
QUALITY_THRESHOLD_MET = _member("ModelQuality", "QUALITY_THRESHOLD_MET")
CANNOT_DETERMINE_QUALITY = _member("ModelQuality", "CANNOT_DETERMINE_QUALITY")
