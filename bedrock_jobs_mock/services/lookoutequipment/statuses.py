"""Statuses, source types and strategies of Lookout for Equipment, as botocore's model names them.

Each value is checked against its enum in the model the first time the Lookout
handlers read the model (``lookout_model``), not when the package is imported
(importing loads no service model), so a model that dropped or renamed one
fails loudly instead of answering with a value no client knows.
"""

from __future__ import annotations

import functools

from botocore.model import ServiceModel

from bedrock_jobs_mock.engine.servicemodel import service_model

#: Every value below, with the enum shape of the model that must hold it.
_DECLARED: list[tuple[str, str]] = []


def _member(enum_shape: str, value: str) -> str:
    """``value``, to be checked against the model's ``enum_shape`` on first use."""
    _DECLARED.append((enum_shape, value))
    return value


@functools.cache
def lookout_model() -> ServiceModel:
    """botocore's lookoutequipment model, loaded once on first use, after checking that
    its enums hold every value of this module (``RuntimeError`` otherwise)."""
    model = service_model("lookoutequipment")
    for enum_shape, value in _DECLARED:
        if value not in model.shape_for(enum_shape).enum:
            raise RuntimeError(f"botocore's lookoutequipment {enum_shape} has no value {value!r}")
    return model


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
