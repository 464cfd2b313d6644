"""The HTTP server's check that a request is signed the way AWS requires, before it is
served: AWS's front end refuses an unsigned request, or one signed for a Region that
does not exist, before the service sees it.

Only the form of the signature is checked, never its value: the mock knows no secret
keys (any access key id names an account or a session), so it could only check a
signature against the secret the client itself chose. The in-process doors never check.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from botocore.model import ServiceModel

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.protocol import HttpRequest
from bedrock_jobs_mock.engine.servicemodel import known_regions

_SIGV4 = "AWS4-HMAC-SHA256"
_BEARER_AUTH = "smithy.api#httpBearerAuth"
#: ``<access key id>/<yyyymmdd>/<region>/<service>/aws4_request``
_SCOPE = re.compile(r"[^/]+/\d{8}/([^/]+)/[^/]+/aws4_request")


def refusal(request: HttpRequest, model: ServiceModel) -> ServiceError | None:
    """The error AWS answers ``request`` with before serving it, or None when its
    signature has the form AWS requires (a SigV4 ``Authorization`` header or presigned
    query, or a bearer token where the service's model takes one)."""
    query = parse_qs(urlsplit(request.url).query)
    if "X-Amz-Signature" in query or "X-Amz-Credential" in query:
        return _presigned_refusal(query)
    authorization = request.header("Authorization")
    if authorization is None:
        return ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token")
    scheme, _, parameters = authorization.strip().partition(" ")
    if scheme == "Bearer" and _BEARER_AUTH in model.metadata.get("auth", ()):
        return None  # a Bedrock API key: its value is not checked, as signatures are not
    fields = dict(part.strip().partition("=")[::2] for part in parameters.split(",") if "=" in part)
    missing = [
        f"Authorization header requires '{name}' parameter."
        for name in ("Credential", "Signature", "SignedHeaders")
        if scheme != _SIGV4 or name not in fields
    ]
    if request.header("X-Amz-Date") is None and request.header("Date") is None:
        missing.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    if missing:
        message = " ".join([*missing, f"Authorization={authorization[:64]}"])
        return ServiceError("IncompleteSignatureException", message)
    return _scope_refusal(fields["Credential"])


def _presigned_refusal(query: dict[str, list[str]]) -> ServiceError | None:
    missing = [
        name
        for name in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date")
        if name not in query
    ]
    if missing:
        message = " ".join(
            f"AWS query-string parameters must include '{name}'." for name in missing
        )
        return ServiceError("IncompleteSignatureException", message)
    return _scope_refusal(query["X-Amz-Credential"][0])


def _scope_refusal(credential: str) -> ServiceError | None:
    scope = _SCOPE.fullmatch(credential.strip())
    if scope is None:
        return ServiceError(
            "IncompleteSignatureException",
            f"Credential is not of the form <key>/<date>/<region>/<service>/aws4_request: "
            f"{credential[:64]}",
        )
    region = scope.group(1)
    if region not in known_regions():
        return ServiceError(
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region, not '{region[:64]}'.",
        )
    return None
