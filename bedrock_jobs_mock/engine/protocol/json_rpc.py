"""The ``json`` 1.x protocol (Lookout for Equipment): ``POST /``, operation in ``X-Amz-Target``."""

from __future__ import annotations

from botocore.model import OperationModel

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.protocol.base import (
    HttpRequest,
    HttpResponse,
    JsonDict,
    Protocol,
    dump_json,
)


class JsonRpcProtocol(Protocol):
    """JSON 1.0/1.1: the whole input and output are one JSON document."""

    def _content_type(self) -> str:
        return f"application/x-amz-json-{self.model.metadata.get('jsonVersion', '1.0')}"

    def operation_of(self, request: HttpRequest) -> str | None:
        prefix, _, name = (request.header("X-Amz-Target") or "").rpartition(".")
        if prefix == self.model.metadata.get("targetPrefix") and name in self.model.operation_names:
            return name
        return None

    def decode(self, operation: OperationModel, request: HttpRequest) -> JsonDict:
        shape = operation.input_shape
        if shape is None:
            return {}
        params: JsonDict = self.from_json(shape, self.parse_body(request.body), "")
        return params

    def encode(self, operation: OperationModel, output: JsonDict) -> HttpResponse:
        shape = operation.output_shape
        document = self.to_json(shape, output) if shape is not None else {}
        return HttpResponse(200, {"Content-Type": self._content_type()}, dump_json(document))

    def encode_error(self, error: ServiceError) -> HttpResponse:
        body = {"__type": error.code, **self.error_body(error)}
        return HttpResponse(
            self.error_status(error.code), {"Content-Type": self._content_type()}, dump_json(body)
        )
