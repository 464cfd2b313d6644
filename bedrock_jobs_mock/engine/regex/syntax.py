"""Java regular-expression syntax, as service models write it, parsed into a tree.

The tree has six kinds of node: a set of characters, a sequence, a choice, a
repetition, an anchor (``^``, ``$``) and a lookahead. Lazy (``*?``) and
possessive (``*+``) quantifiers parse as greedy ones: for a whole-string
match a lazy quantifier accepts the same strings, and a possessive one is read
as greedy (see :func:`parse`). Syntax the mock has no use for (back-references,
``\\b``, flags, class intersections) is refused with :class:`UnsupportedPattern`,
so a model that starts using it fails loudly instead of matching wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from bedrock_jobs_mock.engine.regex.charsets import (
    DOT,
    PREDEFINED,
    CharSet,
    complement,
    normalize,
    of_chars,
    property_class,
)


class UnsupportedPattern(ValueError):
    """A pattern uses syntax this matcher does not implement."""


@dataclass(frozen=True)
class Chars:
    charset: CharSet


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Choice:
    options: tuple[Node, ...]


@dataclass(frozen=True)
class Repeat:
    item: Node
    low: int
    high: int | None


@dataclass(frozen=True)
class Anchor:
    at_end: bool


@dataclass(frozen=True)
class LookAhead:
    item: Node
    negative: bool


Node = Union[Chars, Sequence, Choice, Repeat, Anchor, LookAhead]

_ESCAPED_CONTROLS = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}
_ANCHOR_ESCAPES = {"A": False, "z": True, "Z": True}


def parse(pattern: str) -> Node:
    """The tree of a Java pattern.

    A possessive quantifier (``X*+``) never gives back what it consumed; it is
    read as the greedy ``X*``, which accepts every string the possessive form
    does and also those that match only by giving back. Neither service model
    holds one today.
    """
    parser = _Parser(pattern)
    node = parser.choice()
    if parser.index != len(pattern):
        raise UnsupportedPattern(f"unbalanced ')' at {parser.index} in {pattern!r}")
    return node


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.index = 0

    def _peek(self, offset: int = 0) -> str:
        position = self.index + offset
        return self.pattern[position] if position < len(self.pattern) else ""

    def _take(self) -> str:
        char = self._peek()
        if not char:
            raise UnsupportedPattern(f"pattern ends early: {self.pattern!r}")
        self.index += 1
        return char

    def _fail(self, what: str) -> UnsupportedPattern:
        return UnsupportedPattern(f"{what} at {self.index} in {self.pattern!r}")

    def choice(self) -> Node:
        options = [self._sequence()]
        while self._peek() == "|":
            self.index += 1
            options.append(self._sequence())
        return options[0] if len(options) == 1 else Choice(tuple(options))

    def _sequence(self) -> Node:
        items: list[Node] = []
        while self._peek() not in ("", "|", ")"):
            items.append(self._quantified(self._atom()))
        return items[0] if len(items) == 1 else Sequence(tuple(items))

    def _quantified(self, atom: Node) -> Node:
        while True:
            char = self._peek()
            if char == "*":
                low, high = 0, None
            elif char == "+":
                low, high = 1, None
            elif char == "?":
                low, high = 0, 1
            elif char == "{":
                low, high = self._braces()
            else:
                return atom
            if char != "{":
                self.index += 1
            if self._peek() in ("?", "+"):  # lazy or possessive: read as greedy
                self.index += 1
            if isinstance(atom, (Anchor, LookAhead)):
                raise self._fail("quantified assertion")
            atom = Repeat(atom, low, high)

    def _braces(self) -> tuple[int, int | None]:
        end = self.pattern.find("}", self.index)
        body = self.pattern[self.index + 1 : end] if end > 0 else ""
        low_text, comma, high_text = body.partition(",")
        if not low_text.isdigit() or not (high_text.isdigit() or not high_text):
            raise self._fail("malformed {n,m}")
        self.index = end + 1
        low = int(low_text)
        high = int(high_text) if high_text else (None if comma else low)
        if high is not None and high < low:
            raise self._fail("{n,m} with m < n")
        return low, high

    def _atom(self) -> Node:
        char = self._take()
        if char == "(":
            return self._group()
        if char == "[":
            return Chars(self._class())
        if char == ".":
            return Chars(DOT)
        if char in "^$":
            return Anchor(at_end=char == "$")
        if char == "\\":
            if self._peek() in _ANCHOR_ESCAPES:
                return Anchor(at_end=_ANCHOR_ESCAPES[self._take()])
            return Chars(self._escape())
        if char in "*+?{":
            raise self._fail(f"nothing to repeat before {char!r}")
        return Chars(of_chars(char))

    def _group(self) -> Node:
        lookahead: bool | None = None
        if self._peek() == "?":
            kind = self._peek(1)
            if kind not in (":", "=", "!"):
                raise self._fail(f"unsupported group (?{kind}")
            self.index += 2
            lookahead = None if kind == ":" else kind == "!"
        inner = self.choice()
        if self._take() != ")":
            raise self._fail("unclosed group")
        return inner if lookahead is None else LookAhead(inner, negative=lookahead)

    def _class(self) -> CharSet:
        negated = self._peek() == "^"
        if negated:
            self.index += 1
        ranges: list[tuple[int, int]] = []
        first = True  # a ']' straight after '[' or '[^' is a literal
        while first or self._peek() != "]":
            first = False
            if self._peek() == "[" or self.pattern.startswith("&&", self.index):
                raise self._fail("nested class or class intersection")
            member = self._class_member()
            if _is_single(member) and self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.index += 1
                high = self._class_member()
                if not _is_single(high) or high[0][0] < member[0][0]:
                    raise self._fail("bad class range")
                ranges.append((member[0][0], high[0][0]))
            else:
                ranges.extend(member)
        self.index += 1
        charset = normalize(ranges)
        return complement(charset) if negated else charset

    def _class_member(self) -> CharSet:
        char = self._take()
        return self._escape() if char == "\\" else of_chars(char)

    def _escape(self) -> CharSet:
        """The characters of the escape after a backslash."""
        char = self._take()
        if char.lower() in PREDEFINED:
            charset = PREDEFINED[char.lower()]
            return complement(charset) if char.isupper() else charset
        if char in "pP":
            if self._peek() == "{":
                end = self.pattern.index("}", self.index)
                name = self.pattern[self.index + 1 : end]
                self.index = end + 1
            else:
                name = self._take()
            try:
                charset = property_class(name)
            except ValueError as error:
                raise self._fail(str(error)) from None
            return complement(charset) if char == "P" else charset
        if char in "ux":
            width = 4 if char == "u" else 2
            digits = self.pattern[self.index : self.index + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self._fail(f"malformed \\{char} escape")
            self.index += width
            return of_chars(chr(int(digits, 16)))
        if char in _ESCAPED_CONTROLS:
            return of_chars(_ESCAPED_CONTROLS[char])
        if char.isalnum():
            raise self._fail(f"unsupported escape \\{char}")
        return of_chars(char)


def _is_single(charset: CharSet) -> bool:
    return len(charset) == 1 and charset[0][0] == charset[0][1]
