"""CORS for the HTTP server, so that a browser-based SDK can call a local mock from any
page: preflights are answered, and every answer may be read by the page."""

from __future__ import annotations

from collections.abc import Mapping

#: The methods a page may use.
ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
#: How long a browser may keep a preflight's answer, in seconds.
MAX_AGE_SECONDS = 86400
#: The headers a page may read: every one ("*"), and by name the ones AWS SDKs read,
#: for browsers that take "*" literally.
EXPOSED_HEADERS = "*, x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date"


def response_headers() -> dict[str, str]:
    """The headers that let any page read an answer."""
    return {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED_HEADERS}


def preflight_headers(request_headers: Mapping[str, str]) -> dict[str, str]:
    """The headers of a preflight's answer: any origin, method and header may follow."""
    asked = {name.lower(): value for name, value in request_headers.items()}
    return {
        **response_headers(),
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": asked.get("access-control-request-headers") or "*",
        "Access-Control-Max-Age": str(MAX_AGE_SECONDS),
    }
