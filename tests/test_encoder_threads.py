"""Output encoders are built once, and a thread never gets one another thread is building."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

import pytest

from bedrock_jobs_mock.engine.protocol.encoding import Encoders
from bedrock_jobs_mock.engine.servicemodel import service_model


def test_a_thread_waits_for_the_encoder_another_is_building(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shape = service_model("bedrock").operation_model("GetModelCustomizationJob").output_shape
    encoders = Encoders("iso8601")
    building, release = threading.Event(), threading.Event()
    real_build = encoders._build

    def slow_build(built: Any) -> Any:
        if built.type_name == "timestamp" and not building.is_set():
            building.set()  # the first thread is inside the structure's build
            release.wait(5)
        return real_build(built)

    monkeypatch.setattr(encoders, "_build", slow_build)
    first = threading.Thread(target=encoders.of, args=(shape,))
    first.start()
    assert building.wait(5)
    got: list[Any] = []
    second = threading.Thread(target=lambda: got.append(encoders.of(shape)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # it waits rather than take a half-built encoder
    release.set()
    first.join(5)
    second.join(5)
    moment = datetime(2026, 1, 2, tzinfo=timezone.utc)
    assert got[0]({"jobName": "j", "creationTime": moment}) == {
        "jobName": "j",
        "creationTime": "2026-01-02T00:00:00.000Z",
    }
