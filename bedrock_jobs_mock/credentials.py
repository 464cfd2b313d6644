"""Fake AWS credentials in the environment while a mock is active, restored exactly after."""

from __future__ import annotations

import os

from bedrock_jobs_mock.engine.options import DEFAULT_REGION

#: What the environment holds while a mock is active; ``None`` removes the variable.
#: Removing the profile variables keeps a named profile's real keys out of reach.
FAKE_ENVIRONMENT: dict[str, str | None] = {
    "AWS_ACCESS_KEY_ID": "BEDROCKJOBSMOCKKEY",
    "AWS_SECRET_ACCESS_KEY": "bedrock-jobs-mock-secret-access-key",
    "AWS_SESSION_TOKEN": None,
    "AWS_SECURITY_TOKEN": None,
    "AWS_PROFILE": None,
    "AWS_DEFAULT_PROFILE": None,
}


class FakeCredentials:
    """Puts ``FAKE_ENVIRONMENT`` in place; ``restore()`` puts back exactly what was there."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def install(self) -> None:
        self._saved = {name: os.environ.get(name) for name in FAKE_ENVIRONMENT}
        if "AWS_DEFAULT_REGION" not in os.environ and "AWS_REGION" not in os.environ:
            self._saved["AWS_DEFAULT_REGION"] = None
            os.environ["AWS_DEFAULT_REGION"] = DEFAULT_REGION
        _apply(FAKE_ENVIRONMENT)

    def restore(self) -> None:
        """Put back what ``install`` replaced, where the value is still the mock's: a
        variable someone changed since (a second mock stopped first) is theirs now."""
        installed = {**FAKE_ENVIRONMENT, "AWS_DEFAULT_REGION": DEFAULT_REGION}
        _apply(
            {
                name: value
                for name, value in self._saved.items()
                if os.environ.get(name) == installed.get(name)
            }
        )
        self._saved = {}


def _apply(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
