"""Java regular expressions, as AWS service models write them, compiled for Python.

Service models carry the patterns the service enforces with Java's
``String.matches``: whole-string matches that may use ``\\p{...}`` classes and
possessive quantifiers. Python's ``re`` has neither Unicode property classes
nor (before 3.11) possessive quantifiers, so those are translated: property
classes become explicit code-point ranges, and possessive quantifiers become
greedy ones where Python cannot express them.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from re import Pattern
from typing import Callable

Ranges = list[tuple[int, int]]

_MAX_CODE_POINT = 0x10FFFF
_POSSESSIVE_SUPPORTED = sys.version_info >= (3, 11)

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


def _ranges_where(predicate: Callable[[int], bool], limit: int) -> Ranges:
    ranges: Ranges = []
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
    return ranges


@functools.cache
def _property_ranges(name: str) -> tuple[tuple[int, int], ...]:
    """Code-point ranges of a Java property class (POSIX name or Unicode category)."""
    if name in _POSIX_CLASSES:
        return tuple(_ranges_where(_POSIX_CLASSES[name], 0x7F))
    category = name[2:] if name.startswith("Is") else name
    if not re.fullmatch(r"[A-Z][a-z]?", category):
        raise ValueError(f"unsupported Java property class \\p{{{name}}}")
    return tuple(
        _ranges_where(lambda c: unicodedata.category(chr(c)).startswith(category), _MAX_CODE_POINT)
    )


def _complement(ranges: tuple[tuple[int, int], ...]) -> Ranges:
    result: Ranges = []
    next_start = 0
    for low, high in ranges:
        if low > next_start:
            result.append((next_start, low - 1))
        next_start = high + 1
    if next_start <= _MAX_CODE_POINT:
        result.append((next_start, _MAX_CODE_POINT))
    return result


def _class_body(ranges: Ranges) -> str:
    return "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges
    )


def _read_property(pattern: str, index: int) -> tuple[str, bool, int]:
    """Parse ``\\p{Name}`` / ``\\PL`` at ``index`` (the backslash): name, negated, next index."""
    negated = pattern[index + 1] == "P"
    if pattern[index + 2] == "{":
        end = pattern.index("}", index + 3)
        return pattern[index + 3 : end], negated, end + 1
    return pattern[index + 2], negated, index + 3


def translate(pattern: str) -> str:
    """Translate a Java regular expression into an equivalent Python one."""
    out: list[str] = []
    in_class = False
    after_quantifier = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            if pattern[index + 1] in "pP":
                name, negated, index = _read_property(pattern, index)
                ranges = _property_ranges(name)
                body = _class_body(_complement(ranges) if negated else list(ranges))
                out.append(body if in_class else f"[{body}]")
            else:
                escape = pattern[index : index + 2]
                out.append({"\\z": "\\Z", "\\Z": "(?=\\n?\\Z)"}.get(escape, escape))
                index += 2
            after_quantifier = False
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            # A ']' straight after '[' or '[^' is a literal in Java.
            for prefix in ("^]", "]", "^"):
                if pattern.startswith(prefix, index + 1):
                    out.append(prefix)
                    index += len(prefix)
                    break
        elif char == "+" and after_quantifier:
            if _POSSESSIVE_SUPPORTED:
                out.append(char)
            after_quantifier = False
            index += 1
            continue
        else:
            out.append(char)
        after_quantifier = not in_class and char in "*+?}"
        index += 1
    return "".join(out)


@functools.cache
def compile_java(pattern: str) -> Pattern[str]:
    """Compile a service-model pattern for whole-string matching (``fullmatch``)."""
    return re.compile(translate(pattern), re.DOTALL)
