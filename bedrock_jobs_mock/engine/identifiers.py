"""Resource ids and ARNs as the services mint them."""

from __future__ import annotations

import itertools
import random
import secrets
import string
from typing import NamedTuple

_ID_ALPHABET = string.ascii_lowercase + string.digits
#: The alphabet of Agents for Bedrock's ids (knowledge bases, data sources, ingestion jobs).
UPPER_ID_ALPHABET = string.ascii_uppercase + string.digits


class ShortIds:
    """``length`` characters of a 36-character ``alphabet`` (by default 12 of ``[a-z0-9]``,
    the ids Bedrock gives jobs and models): each new one unlike any issued before by this
    source, in constant memory.

    The n-th id is ``(a * n + b) mod 36**length`` in base 36, with ``a`` and ``b``
    drawn at random and ``a`` prime to 36: a permutation of the id space, so ids
    look random and never repeat (before 36**length of them).
    """

    def __init__(self, length: int = 12, alphabet: str = _ID_ALPHABET) -> None:
        if len(alphabet) != 36:
            raise ValueError("ShortIds counts in base 36")
        self._length, self._alphabet, self._space = length, alphabet, 36**length
        self._factor = secrets.randbelow(self._space // 6) * 6 + secrets.choice((1, 5))
        self._offset = secrets.randbelow(self._space)
        self._issued = itertools.count()

    def issue(self) -> str:
        number = (self._factor * next(self._issued) + self._offset) % self._space
        digits = []
        for _ in range(self._length):
            number, digit = divmod(number, 36)
            digits.append(self._alphabet[digit])
        return "".join(digits)


_RANDOM = random.Random()
#: The bits of a 128-bit number that a version 4 UUID fixes (RFC 9562: the version
#: nibble and the variant's two bits), and what it fixes them to; as ``uuid.UUID``
#: sets them.
_UUID4_FIXED = (0xF000 << 64) | (0xC000 << 48)
_UUID4_BITS = (0x4000 << 64) | (0x8000 << 48)


def long_id() -> str:
    """A random (version 4) UUID: the id AWS gives each request (``x-amzn-RequestId``)
    and Lookout for Equipment puts in its ARNs. Not ``uuid.uuid4()``: an id that
    every call makes needs no operating-system randomness, nor a ``UUID`` object."""
    digits = f"{_RANDOM.getrandbits(128) & ~_UUID4_FIXED | _UUID4_BITS:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


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
