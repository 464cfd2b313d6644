"""Plausible, deterministic ModelMetrics for a trained model version.

The shape follows the metrics document Lookout for Equipment writes for a
model (ranges, event metrics, data range, overall scores). The scores are
derived from the model name and version number alone, so a test sees the
same metrics on every run.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from bedrock_jobs_mock.engine.dispatch import JsonDict
from bedrock_jobs_mock.services.lookoutequipment import statuses


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def model_metrics(model_name: str, version: int, settings: JsonDict) -> str:
    """The ModelMetrics JSON string of version ``version`` of ``model_name``."""
    seed = hashlib.sha256(f"{model_name}/{version}".encode()).digest()

    def score(index: int) -> float:
        return round(0.5 + seed[index] / 510, 4)  # 0.5 .. 1.0

    document: JsonDict = {
        "labeled_ranges": [],
        "labeled_event_metrics": {
            "num_labeled": 0,
            "num_identified": 0,
            "total_warning_time_in_seconds": 0,
        },
        "predicted_ranges": [],
        "unknown_event_metrics": {"num_identified": 0, "total_duration_in_seconds": 0},
        "data_start_time": _day(
            settings.get("EvaluationDataStartTime") or settings.get("TrainingDataStartTime")
        ),
        "data_end_time": _day(
            settings.get("EvaluationDataEndTime") or settings.get("TrainingDataEndTime")
        ),
        "labels_present": settings.get("LabelsInputConfiguration") is not None,
        "model_version_metrics": {
            "precision": score(0),
            "recall": score(1),
            "mean_fractional_lead_time": score(2),
            "auc": score(3),
        },
    }
    return json.dumps(document)


def model_quality(settings: JsonDict) -> str:
    """Without labels the service cannot judge a model's quality."""
    if settings.get("LabelsInputConfiguration") is None:
        return statuses.CANNOT_DETERMINE_QUALITY
    return statuses.QUALITY_THRESHOLD_MET
