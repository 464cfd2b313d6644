"""Decoders and validators built once per shape: recursive shapes, first use from threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bedrock_jobs_mock.engine.protocol import protocol_for
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.engine.validation import _Validators


def _nested_filter(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"equals": {"key": "k", "value": {}}}
    for _ in range(depth):
        value = {"andAll": [value, {"equals": {"key": "", "value": {}}}]}
    return value


def test_a_shape_that_contains_itself_is_built_as_deep_as_values_go() -> None:
    model = service_model("bedrock")
    if "RetrievalFilter" not in model.shape_names:
        pytest.skip("this botocore's Bedrock model has no RetrievalFilter")
    shape = model.shape_for("RetrievalFilter")
    validators = _Validators()
    problems: list[Any] = []
    validators.of(shape)(_nested_filter(6), "", "filter", problems)
    assert len(problems) == 6
    assert problems[-1].message == (
        "Value '' at 'filter.andAll.2.member.equals.key' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"
    )
    decoded = protocol_for(model).from_json(shape, _nested_filter(6), "filter")
    assert decoded["andAll"][1] == {"equals": {"key": "", "value": {}}}


def test_threads_that_need_a_validator_first_all_get_a_finished_one() -> None:
    model = service_model("bedrock")
    shape = model.operation_model("CreateModelCustomizationJob").input_shape
    assert shape is not None
    validators = _Validators()
    start = threading.Barrier(8)
    results: list[int] = []

    def validate() -> None:
        start.wait()
        problems: list[Any] = []
        validators.of(shape)({"jobName": "x y"}, "", "", problems)
        results.append(len(problems))

    threads = [threading.Thread(target=validate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and results[0] > 1
