"""Filling a Region with many jobs fast: requests straight to the mock's dispatch.

A sweep needs 100,000 jobs in a Region before it times a call; made through
boto3 clients that would take minutes a family. ``Loader`` serializes each
request with botocore's own serializer (with the idempotency token a client
would add) and hands it to ``bedrock_jobs_mock.engine.dispatch.handle``, the one
way into the mock every door uses: the mock decodes, validates and answers
it exactly as it answers a client, but botocore's signing, event machinery
and response parsing are skipped. The calls a benchmark times still go
through boto3 clients.
"""

from __future__ import annotations

import json
from typing import Any

import botocore.awsrequest
import botocore.handlers
import botocore.serialize

from bedrock_jobs_mock import BedrockJobsMock
from bedrock_jobs_mock.engine.dispatch import handle
from bedrock_jobs_mock.engine.protocol import HttpRequest
from bedrock_jobs_mock.engine.servicemodel import service_model
from benchmarks.payloads import ACCOUNT, REGION


class LoadError(RuntimeError):
    """The mock refused a request the loader sent."""


class Loader:
    """Sends requests of one service to an active mock, as ``account`` in ``REGION``."""

    def __init__(self, env: BedrockJobsMock, service: str, account: str = ACCOUNT) -> None:
        self._env = env
        self._service = service
        self._account = account
        self._model = service_model(service)
        self._serializer = botocore.serialize.create_serializer(
            self._model.metadata["protocol"], include_validation=False
        )
        self._endpoint = f"https://{self._model.endpoint_prefix}.{REGION}.amazonaws.com"

    def send(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Call ``operation`` with ``params``; its output as parsed JSON (``{}`` if none)."""
        operation_model = self._model.operation_model(operation)
        params = dict(params)
        botocore.handlers.generate_idempotent_uuid(params, operation_model)
        request_dict = self._serializer.serialize_to_request(params, operation_model)
        botocore.awsrequest.prepare_request_dict(request_dict, self._endpoint)
        prepared = botocore.awsrequest.create_request_object(request_dict).prepare()
        request = HttpRequest(
            method=prepared.method,
            url=prepared.url,
            headers=dict(prepared.headers),
            body=prepared.body or b"",
        )
        response = handle(
            self._env.backend,
            self._service,
            operation,
            request,
            account=self._account,
            region=REGION,
        )
        if response.status >= 300:
            raise LoadError(f"{operation} answered {response.status}: {response.body!r}")
        return json.loads(response.body) if response.body else {}
