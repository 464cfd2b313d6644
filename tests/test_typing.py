"""The documented calls type-check under ``mypy --strict`` as user code writes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).with_name("typed_usage.py")


def test_the_documented_calls_pass_mypy_strict() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(EXAMPLE)],
        capture_output=True,
        text=True,
        cwd=EXAMPLE.parent.parent,
    )
    assert (result.returncode, result.stdout) == (0, "")
