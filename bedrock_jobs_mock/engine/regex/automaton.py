"""A Thompson NFA of a pattern tree, run as a lazily built DFA: linear in the input.

Each input character costs one dictionary lookup once its transition is
known; an unknown transition is computed from the NFA (each NFA state visited
at most three times: the move, its closure, the closure at the end) and
cached. The work for a string of ``n`` characters is therefore at most
``(n + 1) * (3 * size + 1)`` NFA-state visits, whatever the pattern and the
string: no backtracking, no exponential case. Characters are grouped into
classes that no range of the pattern tells apart, so the cache is keyed by
class, not by character; an ASCII character's transition is also cached by the
character itself (at most 128 more entries a state), which skips finding its class.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from bedrock_jobs_mock.engine.regex.charsets import CharSet
from bedrock_jobs_mock.engine.regex.syntax import (
    Anchor,
    Chars,
    Choice,
    Node,
    Repeat,
    Sequence,
    UnsupportedPattern,
)

#: Cached DFA states per automaton before the cache starts afresh (memory bound).
MAX_CACHED_STATES = 10_000


@dataclass
class _NfaState:
    """A character test (``charset``), an epsilon fork (``forks``), an anchor, or the match."""

    charset: CharSet | None = None
    forks: list[int] = field(default_factory=list)
    anchor_at_end: bool | None = None
    out: int = -1


class _NfaBuilder:
    """Builds states back to front: each node is compiled with its continuation known."""

    def __init__(self) -> None:
        self.states: list[_NfaState] = [_NfaState()]  # state 0 is the match

    def _add(self, state: _NfaState) -> int:
        self.states.append(state)
        return len(self.states) - 1

    def build(self, node: Node, then: int) -> int:
        """The entry state of ``node`` followed by state ``then``."""
        if isinstance(node, Chars):
            return self._add(_NfaState(charset=node.charset, out=then))
        if isinstance(node, Sequence):
            for item in reversed(node.items):
                then = self.build(item, then)
            return then
        if isinstance(node, Choice):
            return self._add(_NfaState(forks=[self.build(o, then) for o in node.options]))
        if isinstance(node, Anchor):
            return self._add(_NfaState(anchor_at_end=node.at_end, out=then))
        if isinstance(node, Repeat):
            return self._repeat(node, then)
        raise UnsupportedPattern("a lookahead is supported only at the start of a pattern")

    def _repeat(self, node: Repeat, then: int) -> int:
        if node.high is None:
            loop = self._add(_NfaState())
            self.states[loop].forks = [self.build(node.item, loop), then]
            entry = loop
        else:
            entry = then  # optional copies nest: x{0,2} is (x(x)?)?
            for _ in range(node.high - node.low):
                entry = self._add(_NfaState(forks=[self.build(node.item, entry), then]))
        for _ in range(node.low):
            entry = self.build(node.item, entry)
        return entry


class _DfaState:
    __slots__ = ("accepts", "ascii", "nfa_states", "transitions")

    def __init__(self, nfa_states: frozenset[int], accepts: bool) -> None:
        self.nfa_states = nfa_states
        self.accepts = accepts  # whether the input may end here
        self.transitions: dict[int, _DfaState] = {}
        #: The same transitions for ASCII characters, keyed by the character.
        self.ascii: dict[str, _DfaState] = {}


class Automaton:
    """Whole-string matching of one pattern tree (without lookaheads)."""

    def __init__(self, node: Node) -> None:
        builder = _NfaBuilder()
        self._start_nfa = builder.build(node, 0)
        self._states = builder.states
        self.size = len(self._states)
        bounds = {0}
        for state in self._states:
            for low, high in state.charset or ():
                bounds.update((low, high + 1))
        self._bounds = sorted(bounds)
        #: NFA states visited so far (cache hits count one each): the work done.
        self.steps = 0
        self._cache: dict[frozenset[int], _DfaState] = {}
        self._dead = _DfaState(frozenset(), accepts=False)
        start = self._closure([self._start_nfa], at_start=True)
        self._start = _DfaState(start, self._accepts(start, at_start=True))

    def fullmatch(self, text: str) -> bool:
        """Whether ``text`` as a whole matches."""
        state, dead = self._start, self._dead
        self.steps += 1 + len(text)  # one for each character read at most
        for char in text:
            target = state.ascii.get(char)
            if target is None:
                target = self._transition(state, char)
            if target is dead:
                return False
            state = target
        return state.accepts

    def _transition(self, state: _DfaState, char: str) -> _DfaState:
        """Where ``state`` goes on ``char``: by the class of the character, computed and
        cached on first need."""
        code = ord(char)
        key = bisect.bisect_right(self._bounds, code)
        target = state.transitions.get(key)
        if target is None:
            target = self._step(state, code)
            state.transitions[key] = target
        if code < 128:
            state.ascii[char] = target
        return target

    def _step(self, state: _DfaState, code: int) -> _DfaState:
        moved = []
        self.steps += len(state.nfa_states)
        for index in state.nfa_states:
            nfa_state = self._states[index]
            charset = nfa_state.charset
            if charset is not None:
                at = bisect.bisect_right(charset, (code, 0x10FFFF + 1)) - 1
                if at >= 0 and charset[at][0] <= code <= charset[at][1]:
                    moved.append(nfa_state.out)
        if not moved:
            return self._dead
        nfa_states = self._closure(moved, at_start=False)
        cached = self._cache.get(nfa_states)
        if cached is None:
            if len(self._cache) >= MAX_CACHED_STATES:  # start afresh: old states are freed
                self._cache.clear()
                self._start.transitions.clear()
                self._start.ascii.clear()
            cached = _DfaState(nfa_states, self._accepts(nfa_states, at_start=False))
            self._cache[nfa_states] = cached
        return cached

    def _closure(
        self, entries: list[int], *, at_start: bool, at_end: bool = False
    ) -> frozenset[int]:
        """The states reachable without reading: character tests, ``$`` waiting for
        the end (unless ``at_end``) and the match."""
        seen: set[int] = set()
        kept: list[int] = []
        pending = list(entries)
        while pending:
            index = pending.pop()
            if index in seen:
                continue
            seen.add(index)
            state = self._states[index]
            if state.forks:
                pending.extend(state.forks)
            elif state.anchor_at_end is None:
                kept.append(index)
            elif state.anchor_at_end:
                if at_end:
                    pending.append(state.out)
                else:
                    kept.append(index)
            elif at_start:
                pending.append(state.out)
        self.steps += len(seen)
        return frozenset(kept)

    def _accepts(self, nfa_states: frozenset[int], *, at_start: bool) -> bool:
        final = self._closure(list(nfa_states), at_start=at_start, at_end=True)
        return 0 in final
