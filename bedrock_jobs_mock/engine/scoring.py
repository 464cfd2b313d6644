"""What scores the prompts of a model evaluation job, and who the test makes score them.

An evaluation job answers each prompt of its datasets (a model's response, through
the record responder of ``engine.records``, or the response the dataset brings) and
asks a *scorer* for each metric's score of it. The test owns the scorer
(``env.score_evaluations``, the ``evaluation_scorer`` option); the family supplies a
deterministic default in the ranges the real metrics use.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional


class EvaluationCase(NamedTuple):
    """One metric of one prompt's response, as a scorer sees it (a named tuple: a job
    makes one per prompt and metric)."""

    #: The metric's name as the request gave it (``Builtin.Helpfulness``, a custom
    #: metric's name).
    metric_name: str
    #: The dataset line's ``prompt``.
    prompt: str
    #: The response being scored: the model's, the knowledge base's, or the dataset's own.
    response: str
    #: The dataset line's ``referenceResponse`` (None where it has none).
    reference_response: str | None
    #: The dataset line's ``category`` (None where it has none).
    category: str | None
    #: What answered: the model identifier, the knowledge base id, or the precomputed
    #: source's identifier.
    model_identifier: str
    #: The dataset's ``taskType`` (``General``, ``QuestionAndAnswer``, ...).
    task_type: str
    #: The dataset's name (``Builtin.BoolQ``, or the test's own).
    dataset_name: str


#: What scores a case: a number (the metric's ``result``), or None for N/A.
Scorer = Callable[[EvaluationCase], Optional[float]]


def check_scorer(scorer: object) -> None:
    """``TypeError`` unless ``scorer`` is callable (or None: the default scores)."""
    if scorer is not None and not callable(scorer):
        raise TypeError(f"an evaluation scorer must be callable, got {scorer!r}")
