"""Model-driven wire protocols: an HTTP request in, the operation's input dict out, and back."""

from __future__ import annotations

from botocore.model import ServiceModel

from bedrock_jobs_mock.engine.protocol.base import HttpRequest, HttpResponse, Protocol
from bedrock_jobs_mock.engine.protocol.json_rpc import JsonRpcProtocol
from bedrock_jobs_mock.engine.protocol.rest_json import RestJsonProtocol

_PROTOCOLS: dict[str, type[Protocol]] = {
    "rest-json": RestJsonProtocol,
    "json": JsonRpcProtocol,
}


def protocol_for(model: ServiceModel) -> Protocol:
    """The protocol codec for a service model (``rest-json`` or ``json``)."""
    try:
        return _PROTOCOLS[model.protocol](model)
    except KeyError:
        raise NotImplementedError(f"protocol {model.protocol!r} is not supported") from None


__all__ = ["HttpRequest", "HttpResponse", "Protocol", "protocol_for"]
