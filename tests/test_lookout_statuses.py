"""The Lookout for Equipment statuses are checked against botocore's model on first use."""

from __future__ import annotations

import pytest

from bedrock_jobs_mock.services.lookoutequipment import statuses


def test_every_status_is_in_the_model() -> None:
    statuses.lookout_model.cache_clear()
    model = statuses.lookout_model()
    assert statuses.IMPORT_IN_PROGRESS in model.shape_for("ModelVersionStatus").enum


def test_a_status_the_model_lacks_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statuses, "_DECLARED", [("ModelVersionStatus", "NOT_A_STATUS")])
    statuses.lookout_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="has no value 'NOT_A_STATUS'"):
            statuses.lookout_model()
    finally:
        statuses.lookout_model.cache_clear()
