"""What the server tests share: clients aimed at a served mock, and a served mock in its own
process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from bedrock_jobs_mock.server import Controls

#: Credentials of the default account (an access key id that names no account).
DEFAULT_KEYS = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": "secret"}
#: Headers of a request signed as AWS requires, in form (the mock never checks the
#: signature itself): for raw HTTP requests to a server that authenticates.
SIGNED = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250106/us-east-1/"
    "bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef",
    "X-Amz-Date": "20250106T090000Z",
}
#: How long a test waits for a server process to start or stop before failing.
PROCESS_TIMEOUT = 30


def client_of(url: str, service: str, account: str | None = None, **config: Any) -> Any:
    """A boto3 client of ``service`` aimed at the mock served at ``url``, in us-east-1,
    calling as ``account`` (the default account when None)."""
    keys = (
        DEFAULT_KEYS
        if account is None
        else {"aws_access_key_id": account, "aws_secret_access_key": "secret"}
    )
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}, **config),
        **keys,
    )


@contextmanager
def served_in_a_process(log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``bedrock-jobs-mock serve --port 0 *options`` in a child process, logging to ``log``:
    its URL and the process. Stopped with SIGTERM on the way out (if it still runs)."""
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bedrock_jobs_mock", "serve", "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert (
            "serving bedrock, bedrock-agent and lookoutequipment on http://127.0.0.1:" in banner
        ), banner
        url = banner.split()[-1]
        Controls(url).wait_until_ready(PROCESS_TIMEOUT)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.communicate(timeout=PROCESS_TIMEOUT)
