"""The demo's knowledge base scene (a bucket in moto's S3 synced twice) and its evaluation
of the model it customized; both where moto is installed, and where it is not."""

from __future__ import annotations

import ast
import re
import sys

import pytest

from bedrock_jobs_mock.demo import run_demo
from tests.evaluation_helpers import evaluates
from tests.factories import needs_operation

pytestmark = needs_operation("CreateEvaluationJob")

INGESTION = "\n== Knowledge base ingestion beside moto's S3: synced twice =="
EVALUATION = "\n== Bedrock model evaluation of demo-titan-tuned =="


def _scene(lines: list[str], title: str) -> list[str]:
    """The lines of one scene, less their clock, up to the next scene."""
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("\n")), len(lines))
    return [re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", line) for line in lines[start:end]]


@pytest.fixture(scope="module")
def beside_moto() -> list[str]:
    pytest.importorskip("moto")
    lines: list[str] = []
    run_demo(write=lines.append)
    return lines


def test_the_second_sync_counts_one_new_one_modified_and_one_deleted(
    beside_moto: list[str],
) -> None:
    scene = _scene(beside_moto, INGESTION)
    statistics = [
        ast.literal_eval(line.split(" (the others 0) ")[1])
        for line in scene
        if line.startswith("  statistics")
    ]
    assert statistics == [
        {"numberOfDocumentsScanned": 3, "numberOfNewDocumentsIndexed": 3},
        {
            "numberOfDocumentsScanned": 3,
            "numberOfNewDocumentsIndexed": 1,
            "numberOfModifiedDocumentsIndexed": 1,
            "numberOfDocumentsDeleted": 1,
        },
    ]
    assert [line for line in scene if not line.startswith("  statistics")] == [
        "moto's S3: s3://demo-kb-docs/docs/ faq.md, returns.txt, shipping.html",
        "CreateKnowledgeBase demo-kb -> CREATING",
        "  settle() -> ACTIVE",
        "StartIngestionJob -> STARTING",
        "  settle() -> COMPLETE",
        "moto's S3: warranty.md added, faq.md rewritten, shipping.html deleted",
        "StartIngestionJob -> STARTING",
        "  settle() -> COMPLETE",
    ]


def test_the_customized_model_is_evaluated_and_its_scores_read_back(
    beside_moto: list[str],
) -> None:
    scene = _scene(beside_moto, EVALUATION)
    if not evaluates("custom-model"):  # today's models: through its Provisioned Throughput
        assert scene[:2] == [
            "CreateProvisionedModelThroughput demo-titan-pt -> Creating",
            "  settle() -> InService (evaluation jobs take its ARN)",
        ]
        scene = scene[2:]
    assert scene[:4] == [
        "moto's S3: s3://demo-eval-data/prompts.jsonl, 3 questions and their answers",
        "CreateEvaluationJob demo-eval (Builtin.Accuracy, Builtin.Robustness)",
        "  + 0 min -> InProgress",
        "  +10 min -> Completed",
    ]
    assert re.fullmatch(
        r"  s3://demo-eval-data/results/demo-eval/[a-z0-9]{12}/models/[^/]+/taskTypes/"
        r"QuestionAndAnswer/datasets/demo-questions/[0-9a-f-]{36}_output\.jsonl",
        scene[4],
    )
    scores = re.fullmatch(
        r"  'What is the capital of France\?': "
        r"\{'Builtin\.Accuracy': ([0-9.]+), 'Builtin\.Robustness': ([0-9.]+)\}",
        scene[5],
    )
    assert scores is not None
    assert all(0 <= float(score) <= 1 for score in scores.groups())
    assert len(scene) == 6


def test_without_moto_the_sync_is_skipped_and_the_evaluation_runs_its_lifecycle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "moto", None)  # as where moto is not installed
    lines: list[str] = []
    run_demo(write=lines.append)

    assert _scene(lines, INGESTION) == [
        "skipped: moto is not installed (pip install 'bedrock-jobs-mock[moto]')"
    ]
    scene = _scene(lines, EVALUATION)
    assert scene[-4:] == [
        "moto is not installed: the job's lifecycle alone, no dataset read, no scores",
        "CreateEvaluationJob demo-eval (Builtin.Accuracy, Builtin.Robustness)",
        "  + 0 min -> InProgress",
        "  +10 min -> Completed",
    ]
    assert lines[-1] == "\nNo network, no AWS account: every answer came from the mock."
