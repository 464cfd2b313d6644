"""``python -m bedrock_jobs_mock``: the demo and the coverage table."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from pathlib import Path

import botocore

from bedrock_jobs_mock import __version__
from bedrock_jobs_mock.__main__ import main
from bedrock_jobs_mock.engine.dispatch import served_operations
from tests.factories import has_operation

ROOT = Path(__file__).resolve().parent.parent


def test_demo_walks_every_kind_of_job_to_its_end() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bedrock_jobs_mock", "demo"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert "[09:00:00] CreateModelImportJob -> HTTP 201" in lines
    assert "[09:00:00] GetModelImportJob    -> InProgress" in lines
    assert "[09:15:00] clock.advance(minutes=5);  GetModelImportJob -> Completed" in lines
    assert "[09:15:00] ListImportedModels   -> ['demo-llama']" in lines
    assert any(line.startswith("[10:15:00]   +20 min -> Completed ") for line in lines)
    assert "[10:15:00] ListCustomModels -> ['demo-titan-tuned']" in lines
    if has_operation("bedrock", "CreateModelInvocationJob"):
        (created,) = [
            i
            for i, line in enumerate(lines)
            if line.endswith("CreateModelInvocationJob demo-batch (us.amazon.nova-lite-v1:0)")
        ]
        ladder = [line[11:] for line in lines[created + 3 : created + 8]]
        assert ladder == [
            "  + 0 min -> Submitted",
            "  + 1 min -> Validating",
            "  + 4 min -> Scheduled",
            "  + 1 min -> InProgress",
            "  +14 min -> Completed",
        ]
        assert any(
            line.endswith("has ended and cannot be stopped. State was: Completed") for line in lines
        )
    assert "[10:25:00]   clock.advance(minutes=10) -> Completed" in lines
    assert "[10:25:00] env.share_model(...) -> [('demo-titan-tuned', '123456789012')]" in lines
    assert "[10:35:00]   CreateModelCopyJob; settle() -> Completed, from 123456789012" in lines
    assert "[10:35:00]   ListCustomModels(isOwned=True) -> ['partner-titan']" in lines
    if not has_operation("bedrock", "CreateCustomModelDeployment"):  # the oldest models
        assert (
            "[10:35:00] skipped: this botocore's service model has no custom model deployments"
            in lines
        )
        assert "[11:15:00]   clock.advance(minutes=10) -> SUCCESS, SourceType IMPORT" in lines
        return
    assert "[10:50:00]   clock.advance(minutes=15) -> Active" in lines
    assert "[11:00:00]   settle() -> Active" in lines
    assert "[11:40:00]   clock.advance(minutes=10) -> SUCCESS, SourceType IMPORT" in lines


def test_the_coverage_page_in_docs_matches_the_code(capsys: object) -> None:
    served_in_docs = set(
        re.findall(r"^\| (\w+) \| yes \|$", (ROOT / "docs" / "coverage.md").read_text(), re.M)
    )
    assert served_in_docs == {operation for _, operation in served_operations()}


def test_coverage_command_prints_the_table(capsys: object) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "| CreateModelImportJob | yes |" in out
    assert "| ListGuardrails | - |" in out


def test_version_names_the_release_and_the_botocore_it_runs_on() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bedrock_jobs_mock", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == (
        f"bedrock-jobs-mock {__version__} (botocore {botocore.__version__}, "
        f"Python {platform.python_version()})\n"
    )
