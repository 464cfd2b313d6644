"""Java regular expressions of the service models, matched in time linear in the input.

Service models carry the patterns the service enforces with Java's
``String.matches`` (a whole-string match). Backtracking engines such as
Python's ``re`` take exponential time on some of them
(``[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*`` against ``a------...!``), so the
mock matches them with its own automaton instead: the pattern is parsed
(:mod:`.syntax`), built into a Thompson NFA and run as a lazily built,
cached DFA (:mod:`.automaton`). ``.`` matches every character, line
terminators included.

A lookahead (``(?!aws:)``) is supported at the start of a pattern, where the
models use it: it becomes a second automaton run over the same string.
"""

from __future__ import annotations

import functools

from bedrock_jobs_mock.engine.regex.automaton import Automaton
from bedrock_jobs_mock.engine.regex.charsets import ANY
from bedrock_jobs_mock.engine.regex.syntax import (
    Anchor,
    Chars,
    LookAhead,
    Repeat,
    Sequence,
    UnsupportedPattern,
    parse,
)

__all__ = ["JavaPattern", "UnsupportedPattern", "compile_java"]

#: Answers a pattern keeps, for texts of at most this many characters: a few hundred
#: KiB at most for every pattern of both models together.
MAX_REMEMBERED = 256
MAX_REMEMBERED_LENGTH = 256


class JavaPattern:
    """A compiled pattern: ``fullmatch(text)`` is Java's ``text.matches(pattern)``."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        node = parse(pattern)
        self._lookaheads: list[tuple[Automaton, bool]] = []
        items = list(node.items) if isinstance(node, Sequence) else [node]
        position = 0
        while position < len(items):
            item = items[position]
            if isinstance(item, LookAhead):
                prefix = Sequence((item.item, Repeat(Chars(ANY), 0, None)))
                self._lookaheads.append((Automaton(prefix), item.negative))
                del items[position]
            elif isinstance(item, Anchor) and not item.at_end:
                position += 1
            else:
                break
        self._main = Automaton(Sequence(tuple(items)))
        self._recent: dict[str, bool] = {}

    @property
    def automata(self) -> list[Automaton]:
        """Every automaton that decides a match (the pattern's, then its lookaheads')."""
        return [self._main, *(automaton for automaton, _ in self._lookaheads)]

    def fullmatch(self, text: str) -> bool:
        """Whether the whole of ``text`` matches. Short texts seen lately are answered
        from memory: requests repeat roles, buckets and model ids far more than names."""
        known = self._recent.get(text)
        if known is None:
            known = self._match(text)
            if len(text) <= MAX_REMEMBERED_LENGTH:
                if len(self._recent) >= MAX_REMEMBERED:
                    self._recent.clear()
                self._recent[text] = known
        return known

    def _match(self, text: str) -> bool:
        for automaton, negative in self._lookaheads:
            if automaton.fullmatch(text) == negative:
                return False
        return self._main.fullmatch(text)


@functools.cache
def compile_java(pattern: str) -> JavaPattern:
    """The compiled form of a service-model pattern (cached per pattern)."""
    return JavaPattern(pattern)
