"""Functions built once per shape, under a lock, and published only when finished.

Decoding and validating walk a shape the same way for every request: which
members a structure has, their JSON names, their constraints. :class:`ShapeCache`
builds a small function per shape the first time it is needed and keeps it, by
shape identity (botocore keeps one Shape object per member).

A shape that contains itself (``RetrievalFilter``'s ``andAll``) is resolved by
botocore into a new Shape object at every level: while a shape of that name is
being built, a member of the same name gets a stand-in that builds its function
the first time a value goes that deep.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Generic, TypeVar, cast

from botocore.model import Shape

F = TypeVar("F", bound=Callable[..., Any])


class ShapeCache(Generic[F]):
    """The function of each shape, built by :meth:`_build` on first use."""

    def __init__(self) -> None:
        #: By shape identity: the shape itself (so its id stays its own) and its function.
        self._built: dict[int, tuple[Shape, F]] = {}
        #: Functions of the build under way, published to ``_built`` together once the
        #: outermost is done: another thread never sees one half built.
        self._pending: dict[int, tuple[Shape, F]] = {}
        #: Names of the shapes being built, outermost first.
        self._building: list[str] = []
        self._lock = threading.RLock()

    def of(self, shape: Shape) -> F:
        """The function of ``shape``: built once, under a lock (threads that need it while
        it is being built wait for it)."""
        built = self._built.get(id(shape))
        if built is not None:
            return built[1]
        with self._lock:
            return self._of_under_lock(shape)

    def _of_under_lock(self, shape: Shape) -> F:
        known = self._built.get(id(shape)) or self._pending.get(id(shape))
        if known is not None:
            return known[1]
        if shape.name in self._building:
            return self._later(shape)
        self._building.append(shape.name)
        finished = False
        try:
            function = self._build(shape)
            self._pending[id(shape)] = (shape, function)
            finished = True
        finally:
            self._building.pop()
            if not self._building:
                if finished:
                    self._built.update(self._pending)
                self._pending.clear()
        return function

    def _later(self, shape: Shape) -> F:
        """A stand-in for the function of ``shape``, built on its first call."""
        cell: list[F] = []

        def call(*args: Any) -> Any:
            if not cell:
                cell.append(self.of(shape))
            return cell[0](*args)

        return cast(F, call)

    def _build(self, shape: Shape) -> F:
        raise NotImplementedError
