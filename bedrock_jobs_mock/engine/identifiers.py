"""Resource ids and ARNs as the services mint them."""

from __future__ import annotations

import secrets
import string
import uuid
from typing import NamedTuple

_ID_ALPHABET = string.ascii_lowercase + string.digits


def short_id() -> str:
    """12 characters of ``[a-z0-9]``, the id Bedrock gives jobs and models."""
    number = secrets.randbelow(36**12)  # one draw, then its 12 base-36 digits
    digits = []
    for _ in range(12):
        number, digit = divmod(number, 36)
        digits.append(_ID_ALPHABET[digit])
    return "".join(digits)


def long_id() -> str:
    """A UUID, the id Lookout for Equipment puts in its ARNs."""
    return str(uuid.uuid4())


def arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


class ArnParts(NamedTuple):
    """The fields of an ARN: ``arn:{partition}:{service}:{region}:{account}:{resource}``."""

    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(value: str) -> ArnParts | None:
    """The fields of ``value``, or None when it is not an ARN."""
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return ArnParts(*parts[1:])


def account_of(value: str) -> str:
    """The account field of an ARN ("" when ``value`` is not one)."""
    parts = parse_arn(value)
    return parts.account if parts is not None else ""


def is_account_id(value: str) -> bool:
    """Whether ``value`` is an AWS account id: 12 digits."""
    return len(value) == 12 and value.isdigit() and value.isascii()
