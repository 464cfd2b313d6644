"""Sorted unique keys whose adds and removes cost the same with ten or a million of them.

A plain sorted list moves every key after the one added or removed: at
100,000 resources, deleting the oldest moves 100,000 pointers. Here the keys
live in blocks of at most ``2 * BLOCK``, found by bisecting the blocks' last
keys, so an add or a remove moves at most one block and one entry of the
index of blocks.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any, Generic, Protocol, TypeVar

#: Keys a block holds before it splits in two (and at most twice as many).
BLOCK = 512


class _Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Comparable)


class SortedKeys(Generic[K]):
    """Distinct keys in order: ``add``, ``remove``, and ``walk`` from any position."""

    def __init__(self) -> None:
        self._blocks: list[list[K]] = []
        #: The last (largest) key of each block.
        self._lasts: list[K] = []

    def add(self, key: K) -> None:
        """Add ``key``, which must not be present."""
        if not self._blocks:
            self._blocks.append([key])
            self._lasts.append(key)
            return
        at = min(bisect.bisect_left(self._lasts, key), len(self._blocks) - 1)
        block = self._blocks[at]
        bisect.insort(block, key)
        self._lasts[at] = block[-1]
        if len(block) > 2 * BLOCK:
            self._blocks[at : at + 1] = [block[:BLOCK], block[BLOCK:]]
            self._lasts[at : at + 1] = [block[BLOCK - 1], block[-1]]

    def remove(self, key: K) -> None:
        """Remove ``key``, which must be present."""
        at = bisect.bisect_left(self._lasts, key)
        block = self._blocks[at]
        del block[bisect.bisect_left(block, key)]
        if block:
            self._lasts[at] = block[-1]
        else:
            del self._blocks[at]
            del self._lasts[at]

    def walk(self, *, descending: bool, after: K | None = None) -> Iterator[K]:
        """The keys in order (largest first when ``descending``), starting just past
        ``after`` when given (which need not be present)."""
        blocks = self._blocks
        if descending:
            at = len(blocks) - 1 if after is None else bisect.bisect_left(self._lasts, after)
            at = min(at, len(blocks) - 1)
            for index in range(at, -1, -1):
                block = blocks[index]
                end = len(block) if after is None else bisect.bisect_left(block, after)
                yield from reversed(block[:end])
                after = None
        else:
            at = 0 if after is None else bisect.bisect_right(self._lasts, after)
            for index in range(at, len(blocks)):
                block = blocks[index]
                start = 0 if after is None else bisect.bisect_right(block, after)
                yield from block[start:]
                after = None
