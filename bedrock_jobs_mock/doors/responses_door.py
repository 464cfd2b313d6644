"""The ``responses`` door: ``requests`` calls to Bedrock and Lookout for Equipment endpoints,
answered in-process through the same dispatch (``mock_bedrock_jobs(requests=True)``).

It registers one callback per HTTP method for the services' endpoint URLs in a
``responses.RequestsMock`` of its own, and hands every other URL to whatever
answered ``requests`` when it started: a ``responses`` mock the test has
active (which then answers as it would have), or the real transport.
``responses`` is imported only when the door starts.
"""

from __future__ import annotations

import functools
import re
from re import Pattern
from typing import TYPE_CHECKING, Any, cast

from bedrock_jobs_mock.doors import routing
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.protocol import HttpRequest
from bedrock_jobs_mock.engine.servicemodel import service_model

if TYPE_CHECKING:
    import responses

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@functools.cache
def endpoint_urls() -> Pattern[str]:
    """The URLs of the mocked services' public endpoints, in every Region and partition
    (``https://bedrock.us-east-1.amazonaws.com/...``, FIPS and China ones too)."""
    prefixes = "|".join(
        re.escape(service_model(service).endpoint_prefix) for service in routing.mocked_services()
    )
    return re.compile(
        rf"https?://(?:{prefixes})(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?::\d+)?(?:[/?].*)?$"
    )


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


class ResponsesDoor:
    """Answers ``requests`` calls to the mocked services from ``backend`` while started."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._mock: responses.RequestsMock | None = None

    def start(self) -> None:
        """Answer the mocked services' URLs from now on; every other URL goes where it
        went before (the test's own ``responses`` mock, if one is active)."""
        try:
            import requests.adapters
            import responses
        except ModuleNotFoundError as missing:
            raise ModuleNotFoundError(
                "mock_bedrock_jobs(requests=True) needs requests and responses: "
                "pip install 'bedrock-jobs-mock[requests]'"
            ) from missing

        mock = responses.RequestsMock(
            assert_all_requests_are_fired=False,
            # what answers requests now: the user's own responses mock, if one is active
            real_adapter_send=cast(Any, requests.adapters.HTTPAdapter.send),
        )
        for method in _METHODS:
            mock.add_callback(method, endpoint_urls(), callback=self._answer, content_type=None)
        mock.add_passthru(re.compile(".*"))  # every other URL: as before this door started
        mock.start()
        self._mock = mock

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop(allow_assert=False)
            self._mock = None

    def _answer(self, prepared: Any) -> tuple[int, dict[str, str], bytes]:
        request = HttpRequest(
            method=prepared.method,
            url=prepared.url,
            headers={name: str(value) for name, value in prepared.headers.items()},
            body=_body_bytes(prepared.body),
        )
        response = routing.answer(self._backend, request).response
        return response.status, response.headers, response.body
