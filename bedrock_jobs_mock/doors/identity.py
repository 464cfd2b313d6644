"""Who a request is from and where it is for: account and Region, as every door reads them."""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import urlsplit

from bedrock_jobs_mock.engine.options import DEFAULT_REGION
from bedrock_jobs_mock.engine.protocol import HttpRequest

_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/")


def caller_identity(
    request: HttpRequest, account_of: Callable[[str | None], str]
) -> tuple[str, str]:
    """The account and region a request is for.

    The account is what ``account_of`` makes of the access key id the request
    was signed with (None when unsigned: ``Backend.account_of``); the region is
    the one the request was signed for, else the one in the endpoint host name.
    """
    access_key, region = None, None
    scope = _CREDENTIAL_SCOPE.search(request.header("Authorization") or "")
    if scope is not None:
        access_key, region, _ = scope.groups()
    if region is None:
        host = urlsplit(request.url).hostname or ""
        labels = host.split(".")
        region = labels[1] if len(labels) > 2 and labels[-1] in ("com", "cn") else DEFAULT_REGION
    return account_of(access_key), region


def signing_service(request: HttpRequest) -> str | None:
    """The service name of the request's SigV4 credential scope (``None``: not signed)."""
    scope = _CREDENTIAL_SCOPE.search(request.header("Authorization") or "")
    return scope.group(3) if scope is not None else None


def access_key_id(request: HttpRequest) -> str | None:
    """The access key id of the request's SigV4 credential scope (``None``: not signed)."""
    scope = _CREDENTIAL_SCOPE.search(request.header("Authorization") or "")
    return scope.group(1) if scope is not None else None
