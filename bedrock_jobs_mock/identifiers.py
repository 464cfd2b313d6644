"""Resource ids and ARNs as the services mint them."""

from __future__ import annotations

import secrets
import string
import uuid

_ID_ALPHABET = string.ascii_lowercase + string.digits


def short_id() -> str:
    """12 characters of ``[a-z0-9]``, the id Bedrock gives jobs and models."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


def long_id() -> str:
    """A UUID, the id Lookout for Equipment puts in its ARNs."""
    return str(uuid.uuid4())


def arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"
