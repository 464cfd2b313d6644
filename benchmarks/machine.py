"""What the numbers were measured on: cores, CPU, and the versions that matter."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    """The 1, 5 and 15-minute load averages: above the core count, other work competed."""
    try:
        return " / ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def describe() -> list[tuple[str, str]]:
    """(what, value) pairs: cores, CPU model, load, Python and package versions."""
    return [
        ("cores (nproc)", str(os.cpu_count())),
        ("CPU", cpu_model()),
        ("load average at start (1/5/15 min)", load_average()),
        ("Python", platform.python_version()),
        *((package, _version(package)) for package in ("botocore", "boto3", "moto")),
        ("bedrock-jobs-mock", _version("bedrock-jobs-mock")),
        ("orjson (the fast extra)", _version("orjson")),
    ]
