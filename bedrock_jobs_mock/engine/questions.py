"""Questions one mocked service answers about the state it holds, for another service to
ask without importing it: the asker and the answerer both import the question, so the
dependency between the two services stays one way (and a service the installed botocore
does not ship simply leaves its questions unanswered)."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from bedrock_jobs_mock.engine import dispatch
from bedrock_jobs_mock.engine.backend import RegionState

K = TypeVar("K")
A = TypeVar("A")


class Question(Generic[K, A]):
    """A question about ``K`` (an id) in one account and Region, answered by ``A``."""

    def __init__(self, service: str, about: str) -> None:
        #: The botocore name of the service that answers.
        self.service = service
        self.about = about
        self._answer: Callable[[RegionState, K], A] | None = None

    def answer_with(self, answer: Callable[[RegionState, K], A]) -> None:
        """The answering service registers how it answers (when its package is imported)."""
        self._answer = answer

    def answerable(self) -> bool:
        """Whether the answering service is served (loading it on first need)."""
        if self._answer is None:
            dispatch.load_service(self.service)
        return self._answer is not None

    def ask(self, state: RegionState, about: K) -> A:
        """The answer about ``about`` in ``state``'s account and Region; only where
        ``answerable``."""
        if self._answer is None:
            raise LookupError(f"{self.service} does not answer {self.about}")
        return self._answer(state, about)

    def __repr__(self) -> str:
        return f"Question({self.service!r}, {self.about!r})"
