"""Sets of characters as sorted code-point ranges, and the classes Java names.

Java's predefined classes are ASCII-only (``\\d`` is ``[0-9]``, ``\\w`` is
``[a-zA-Z_0-9]``, ``\\s`` is ``[ \\t\\n\\x0B\\f\\r]``); ``\\p{...}`` names a
POSIX class (``\\p{ASCII}``, ``\\p{Alpha}``, ...) or a Unicode general category
(``\\p{L}``, ``\\p{IsM}``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Callable

#: Inclusive code-point ranges, sorted, neither overlapping nor touching.
CharSet = tuple[tuple[int, int], ...]

MAX_CODE_POINT = 0x10FFFF
ANY: CharSet = ((0, MAX_CODE_POINT),)
#: What Java's ``.`` matches: every character but a line terminator.
DOT: CharSet = ((0, 0x09), (0x0B, 0x0C), (0x0E, 0x84), (0x86, 0x2027), (0x202A, MAX_CODE_POINT))


def normalize(ranges: Iterable[tuple[int, int]]) -> CharSet:
    """The union of ``ranges`` as a :data:`CharSet`."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def complement(charset: CharSet) -> CharSet:
    result: list[tuple[int, int]] = []
    next_start = 0
    for low, high in charset:
        if low > next_start:
            result.append((next_start, low - 1))
        next_start = high + 1
    if next_start <= MAX_CODE_POINT:
        result.append((next_start, MAX_CODE_POINT))
    return tuple(result)


def of_chars(chars: str) -> CharSet:
    return normalize((ord(char), ord(char)) for char in chars)


#: Java's predefined classes, by the letter after the backslash (upper case: complement).
PREDEFINED: dict[str, CharSet] = {
    "d": of_chars("0123456789"),
    "s": of_chars(" \t\n\x0b\f\r"),
    "w": normalize([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]),
}

_POSIX_CLASSES: dict[str, Callable[[int], bool]] = {
    "ASCII": lambda c: c <= 0x7F,
    "Alpha": lambda c: chr(c).isascii() and chr(c).isalpha(),
    "Digit": lambda c: 0x30 <= c <= 0x39,
    "Alnum": lambda c: chr(c).isascii() and chr(c).isalnum(),
    "Upper": lambda c: 0x41 <= c <= 0x5A,
    "Lower": lambda c: 0x61 <= c <= 0x7A,
    "Punct": lambda c: chr(c) in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "Graph": lambda c: 0x21 <= c <= 0x7E,
    "Print": lambda c: 0x20 <= c <= 0x7E,
    "Blank": lambda c: c in (0x20, 0x09),
    "Cntrl": lambda c: c <= 0x1F or c == 0x7F,
    "XDigit": lambda c: chr(c) in "0123456789abcdefABCDEF",
    "Space": lambda c: chr(c) in " \t\n\x0b\f\r",
}


def _ranges_where(predicate: Callable[[int], bool], limit: int) -> CharSet:
    ranges: list[tuple[int, int]] = []
    start = None
    for code in range(limit + 1):
        if predicate(code):
            if start is None:
                start = code
        elif start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, limit))
    return tuple(ranges)


@functools.cache
def _general_categories() -> dict[str, CharSet]:
    """Every Unicode general category (``Lu``, ``Mn``, ...) as ranges, in one pass."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    current, start = unicodedata.category("\x00"), 0
    for code in range(1, MAX_CODE_POINT + 2):
        category = unicodedata.category(chr(code)) if code <= MAX_CODE_POINT else ""
        if category != current:
            ranges.setdefault(current, []).append((start, code - 1))
            current, start = category, code
    return {name: tuple(found) for name, found in ranges.items()}


@functools.cache
def property_class(name: str) -> CharSet:
    """The characters of ``\\p{name}``: a POSIX class or a Unicode general category."""
    if name in _POSIX_CLASSES:
        return _ranges_where(_POSIX_CLASSES[name], 0x7F)
    category = name[2:] if name.startswith("Is") else name
    if not re.fullmatch(r"[A-Z][a-z]?", category):
        raise ValueError(f"unsupported Java property class \\p{{{name}}}")
    return normalize(
        span
        for found, spans in _general_categories().items()
        if found.startswith(category)
        for span in spans
    )
