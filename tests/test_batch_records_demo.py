"""The demo's batch scene beside moto: a job from an input file in moto's S3 to its output
files and manifest."""

from __future__ import annotations

import re

import pytest

from bedrock_jobs_mock.demo import run_demo
from tests.factories import needs_operation

pytestmark = needs_operation("CreateModelInvocationJob")


def test_the_demo_runs_a_batch_job_from_motos_s3_to_its_output_files() -> None:
    pytest.importorskip("moto")
    lines: list[str] = []
    run_demo(write=lines.append)

    scene = lines[
        lines.index("\n== Bedrock batch inference beside moto's S3: records in, answers out ==") :
    ]
    text = "\n".join(scene)
    assert "GetModelInvocationJob -> Completed, 100 of 100 records answered" in text
    assert re.search(r"s3://demo-batch-data/out/[a-z0-9]{12}/calls\.jsonl\.out \(", text)
    assert re.search(r"s3://demo-batch-data/out/[a-z0-9]{12}/manifest\.json\.out \(", text)
    assert "CALL0000000: 'Answer to record CALL0000000.'" in text
    assert "'successRecordCount': 100" in text
