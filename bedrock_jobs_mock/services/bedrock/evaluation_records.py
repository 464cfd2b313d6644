"""A model evaluation job's data, where the world keeps S3 (moto's): its datasets read and
checked, each prompt answered (the record responder of batch inference, or the
response the dataset brings) and scored (the test's scorer, or the default), and the
output tree written.

The job family (``evaluation``) calls :func:`evaluate` when a job ends; without an S3
world nothing is read or written. Each dataset is streamed twice, once to check it
and once to answer it: one dataset line, and one output file, are held at a time. The
layout and messages are the mock's where the service documents none (docs/fidelity.md).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bedrock_jobs_mock.engine.protocol.base import dump_json
from bedrock_jobs_mock.engine.records import Record, RecordError, Responder, lines_of, parse_line
from bedrock_jobs_mock.engine.scoring import EvaluationCase, Scorer
from bedrock_jobs_mock.engine.world import World
from bedrock_jobs_mock.services.bedrock.evaluation_rules import (
    BUILTIN,
    BUILTIN_PROMPTS,
    HUMAN,
    Subject,
    is_algorithmic,
)
from bedrock_jobs_mock.services.bedrock.model_outputs import answer_strings, default_answer
from bedrock_jobs_mock.services.bedrock.s3_data import split_s3_uri

#: The empty object the service leaves beside a job's results (seen in real output trees).
PERMISSION_CHECK = "amazon-bedrock-evaluations-permission-check"
OUTPUT_SUFFIX = "_output.jsonl"
#: The metrics whose dataset lines need a ``referenceResponse`` (and every line of a
#: question-and-answer dataset), as the user guide states.
NEEDS_REFERENCE = frozenset(("Builtin.Accuracy", "Builtin.Robustness"))

# The failure messages of a job whose data cannot be used (decided: the service
# publishes none). Each names what to fix.
_PREFIX = "Dataset validation failed: "
NO_BUCKET = _PREFIX + "the S3 bucket {bucket} does not exist."
NO_DATASET = _PREFIX + "no object at {uri}."
NOT_JSON = _PREFIX + "line {line} of {uri} is not valid JSON."
NOT_AN_OBJECT = _PREFIX + "line {line} of {uri} is not a JSON object."
NO_PROMPT = _PREFIX + "line {line} of {uri} has no prompt."
NO_REFERENCE = _PREFIX + "line {line} of {uri} has no referenceResponse, which {why} needs."
NO_RESPONSE = (
    _PREFIX + "line {line} of {uri} has no modelResponses entry whose modelIdentifier is "
    "{identifier}."
)
TOO_MANY = _PREFIX + "{uri} holds over {limit} prompts, the quota per dataset."
EMPTY = _PREFIX + "{uri} holds no prompt."
NO_OUTPUT_BUCKET = "Output failed: the S3 bucket {bucket} does not exist."


@dataclass(frozen=True)
class Dataset:
    """One of a job's ``datasetMetricConfigs``."""

    task_type: str
    name: str
    s3_uri: str | None
    metric_names: tuple[str, ...]

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Dataset:
        location = config["dataset"].get("datasetLocation") or {}
        return cls(
            config["taskType"],
            config["dataset"]["name"],
            location.get("s3Uri"),
            tuple(config["metricNames"]),
        )

    @property
    def source(self) -> str:
        """How messages name it: its S3 URI, or its built-in name."""
        return self.s3_uri or self.name


@dataclass(frozen=True)
class EvaluationWork:
    """What a job reads, answers, scores and writes."""

    job_name: str
    job_id: str
    job_type: str
    output_uri: str
    datasets: tuple[Dataset, ...]
    subjects: tuple[Subject, ...]
    evaluator: str | None
    custom_metrics_evaluator: str | None
    #: The custom metric definitions of an automated job, written under custom_metrics/.
    custom_metrics: tuple[Mapping[str, Any], ...]
    prompt_limit: int


@dataclass(frozen=True)
class _Prompt:
    """One dataset line, as read."""

    number: int
    prompt: str
    reference: str | None
    category: str | None
    #: The responses the line brings, by modelIdentifier (bring your own inference).
    brought: Mapping[str, str]

    def input_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"prompt": self.prompt}
        if self.reference is not None:
            record["referenceResponse"] = self.reference
        if self.category is not None:
            record["category"] = self.category
        return record


class _Problem(Exception):
    """A dataset the job cannot use: the job's failure message."""


def evaluate(
    world: World,
    account: str,
    work: EvaluationWork,
    *,
    responder: Responder | None,
    scorer: Scorer | None,
) -> str | None:
    """Check every dataset, then answer and score each prompt and write the output tree;
    the job's failure message, or None (also when the world keeps no S3: nothing is
    read). An exception ``responder`` or ``scorer`` raises (but :class:`RecordError`,
    a prompt the model cannot answer, left out of the results) reaches the caller."""
    bucket, prefix = split_s3_uri(work.output_uri)
    output_bucket = world.bucket_exists(account, bucket)
    if output_bucket is None:
        return None
    try:
        for dataset in work.datasets:
            for _ in _prompts(world, account, dataset, work):
                pass
    except _Problem as problem:
        return str(problem)
    if not output_bucket:
        return NO_OUTPUT_BUCKET.format(bucket=bucket)
    root = (prefix if prefix == "" or prefix.endswith("/") else prefix + "/") + work.job_name + "/"
    world.put_object(account, bucket, root + PERMISSION_CHECK, b"")
    job_root = f"{root}{work.job_id}/"
    scoring = _Scoring(work, responder, scorer)
    for dataset in work.datasets:
        if work.job_type == HUMAN:
            folder = f"{job_root}datasets/{dataset.name}/"
            _write(world, account, bucket, folder, work, dataset, work.subjects, scoring)
            continue
        for number, subject in enumerate(work.subjects):
            if subject.kind == "model" or subject.kind == "precomputed":
                folder = (
                    f"{job_root}models/{subject.folder}/taskTypes/{dataset.task_type}/"
                    f"datasets/{dataset.name}/"
                )
            else:
                folder = f"{job_root}inference_configs/{number}/datasets/{dataset.name}/"
            _write(world, account, bucket, folder, work, dataset, (subject,), scoring)
    for definition in work.custom_metrics:
        key = f"{job_root}custom_metrics/{definition['name']}.json"
        world.put_object(account, bucket, key, dump_json(dict(definition)))
    return None


def _write(
    world: World,
    account: str,
    bucket: str,
    folder: str,
    work: EvaluationWork,
    dataset: Dataset,
    subjects: Sequence[Subject],
    scoring: _Scoring,
) -> None:
    """One output file: a line per prompt every subject answered."""
    output = bytearray()
    for prompt in _prompts(world, account, dataset, work):
        line = scoring.line(dataset, prompt, subjects)
        if line is not None:
            output += dump_json(line)
            output += b"\n"
    name = uuid.uuid5(uuid.NAMESPACE_URL, f"{work.job_id}/{folder}")
    world.put_object(account, bucket, f"{folder}{name}{OUTPUT_SUFFIX}", output)


def _prompts(
    world: World, account: str, dataset: Dataset, work: EvaluationWork
) -> Iterator[_Prompt]:
    """The prompts of ``dataset``, each checked (:class:`_Problem` at the first that fails)."""
    if dataset.s3_uri is None:
        yield from _builtin_prompts(dataset.name)
        return
    uri = dataset.s3_uri
    bucket, key = split_s3_uri(uri)
    if world.bucket_exists(account, bucket) is False:
        raise _Problem(NO_BUCKET.format(bucket=bucket))
    chunks = world.read_object(account, bucket, key)
    if chunks is None:
        raise _Problem(NO_DATASET.format(uri=uri))
    needs_reference = _reference_needed(dataset)
    count = 0
    for number, line in enumerate(lines_of(chunks), 1):
        if not line.strip():
            continue
        prompt = _read_line(line, number, uri, needs_reference, work.subjects)
        count += 1
        if count > work.prompt_limit:
            raise _Problem(TOO_MANY.format(uri=uri, limit=work.prompt_limit))
        yield prompt
    if count == 0:
        raise _Problem(EMPTY.format(uri=uri))


def _reference_needed(dataset: Dataset) -> str | None:
    """Why the dataset's lines need a referenceResponse, if they do."""
    if dataset.task_type == "QuestionAndAnswer":
        return "taskType QuestionAndAnswer"
    needing = [name for name in dataset.metric_names if name in NEEDS_REFERENCE]
    return needing[0] if needing else None


def _read_line(
    line: bytes, number: int, uri: str, needs_reference: str | None, subjects: Sequence[Subject]
) -> _Prompt:
    try:
        document = parse_line(line)
    except ValueError:
        raise _Problem(NOT_JSON.format(line=number, uri=uri)) from None
    if not isinstance(document, dict):
        raise _Problem(NOT_AN_OBJECT.format(line=number, uri=uri))
    prompt, reference = _prompt_and_reference(document)
    if prompt is None:
        raise _Problem(NO_PROMPT.format(line=number, uri=uri))
    if reference is None and needs_reference is not None:
        raise _Problem(NO_REFERENCE.format(line=number, uri=uri, why=needs_reference))
    brought = {
        str(response.get("modelIdentifier")): str(response.get("response", ""))
        for response in document.get("modelResponses") or []
        if isinstance(response, dict)
    }
    for subject in subjects:
        brings = subject.answering_model is None and subject.kind.startswith("precomputed")
        if brings and subject.identifier not in brought:
            raise _Problem(NO_RESPONSE.format(line=number, uri=uri, identifier=subject.identifier))
    category = document.get("category")
    return _Prompt(
        number, prompt, reference, category if isinstance(category, str) else None, brought
    )


def _prompt_and_reference(document: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """A line's prompt and reference response: its ``prompt`` and ``referenceResponse``
    strings, or those of its first ``conversationTurns`` entry (the knowledge base
    evaluation datasets' form)."""
    prompt, reference = document.get("prompt"), document.get("referenceResponse")
    turns = document.get("conversationTurns")
    if prompt is None and isinstance(turns, list) and turns and isinstance(turns[0], dict):
        prompt = _first_text(turns[0].get("prompt"))
        references = turns[0].get("referenceResponses")
        if isinstance(references, list) and references:
            reference = _first_text(references[0])
    return (
        prompt if isinstance(prompt, str) and prompt else None,
        reference if isinstance(reference, str) else None,
    )


def _first_text(value: Any) -> str | None:
    """``value["content"][0]["text"]``, where it is there."""
    content = value.get("content") if isinstance(value, dict) else None
    if isinstance(content, list) and content and isinstance(content[0], dict):
        text = content[0].get("text")
        return text if isinstance(text, str) else None
    return None


def _builtin_prompts(name: str) -> Iterator[_Prompt]:
    """A built-in dataset's prompts (decided: synthetic, as many as the service samples)."""
    short = name[len(BUILTIN) :]
    for number in range(1, BUILTIN_PROMPTS + 1):
        yield _Prompt(
            number, f"{short} prompt {number}", f"{short} reference response {number}", None, {}
        )


class _Scoring:
    """One job's way of answering and scoring a prompt."""

    def __init__(self, work: EvaluationWork, responder: Responder | None, scorer: Scorer | None):
        self.work = work
        self.responder = responder
        self.scorer = scorer or default_scorer

    def line(
        self, dataset: Dataset, prompt: _Prompt, subjects: Sequence[Subject]
    ) -> dict[str, Any] | None:
        """The output line of ``prompt``; None when a model could not answer it (left out
        of the results, as the service leaves out prompts that caused model errors)."""
        responses = []
        for subject in subjects:
            text = self._response(dataset, prompt, subject)
            if text is None:
                return None
            responses.append((subject, text))
        if self.work.job_type == HUMAN:
            scores = [
                {
                    **self._score(dataset, prompt, subject, text, metric),
                    "modelIdentifier": subject.identifier,
                }
                for metric in dataset.metric_names
                for subject, text in responses
            ]
            result = {"humanEvaluationResult": {"scores": scores}}
        else:
            ((subject, text),) = responses
            scores = [
                self._score(dataset, prompt, subject, text, metric)
                for metric in dataset.metric_names
            ]
            result = {"automatedEvaluationResult": {"scores": scores}}
        identifier_key = "modelIdentifier"
        if subjects[0].kind not in ("model", "precomputed"):
            identifier_key = "knowledgeBaseIdentifier"
        return {
            **result,
            "inputRecord": prompt.input_record(),
            "modelResponses": [
                {"response": text, identifier_key: subject.identifier}
                for subject, text in responses
            ],
        }

    def _response(self, dataset: Dataset, prompt: _Prompt, subject: Subject) -> str | None:
        if subject.identifier in prompt.brought and subject.answering_model is None:
            return prompt.brought[subject.identifier]
        if subject.answering_model is None:  # retrieval alone: the passages found
            return f"Passages retrieved from {subject.identifier} for: {prompt.prompt}"
        record_id = _record_id(subject.identifier, dataset.name, prompt.number)
        record = Record(
            subject.answering_model,
            "Converse",
            {"messages": [{"role": "user", "content": [{"text": prompt.prompt}]}]},
            record_id,
        )
        try:
            if self.responder is None:
                body: Mapping[str, Any] = default_answer(record)[0]
            else:
                body = self.responder(record)
                if not isinstance(body, Mapping):
                    raise TypeError(
                        f"the record responder answered record {record_id} with {body!r}; "
                        "it must return the model's output, a mapping (or raise RecordError)"
                    )
        except RecordError:
            return None
        return "".join(answer_strings(body))

    def _score(
        self, dataset: Dataset, prompt: _Prompt, subject: Subject, text: str, metric: str
    ) -> dict[str, Any]:
        case = EvaluationCase(
            metric,
            prompt.prompt,
            text,
            prompt.reference,
            prompt.category,
            subject.identifier,
            dataset.task_type,
            dataset.name,
        )
        result = self.scorer(case)
        if result is not None and (
            isinstance(result, bool) or not isinstance(result, (int, float))
        ):
            raise TypeError(
                f"the evaluation scorer scored {metric} of prompt {prompt.number} of "
                f"{dataset.source} with {result!r}; it must return a number or None"
            )
        score: dict[str, Any] = {"metricName": metric, "result": result}
        evaluator = self._evaluator(metric)
        if evaluator is not None and self.work.job_type != HUMAN:
            explanation = f"{metric} of this response, as scored by the evaluation's scorer."
            score["evaluatorDetails"] = [{"modelIdentifier": evaluator, "explanation": explanation}]
        return score

    def _evaluator(self, metric: str) -> str | None:
        if metric.startswith(BUILTIN):
            return None if is_algorithmic(metric) else self.work.evaluator
        return self.work.custom_metrics_evaluator


#: The values the default scorer gives judged metrics: a five-point scale normalised to
#: [0, 1], as the service reports judge scores.
_JUDGE_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)


def default_scorer(case: EvaluationCase) -> float | None:
    """The mock's score of ``case``: the same for the same metric, prompt and response; in
    [0, 1] with four decimals for an algorithmic metric (accuracy, robustness,
    toxicity), one of 0, 0.25, 0.5, 0.75 and 1 for any other."""
    key = f"{case.metric_name}\x00{case.prompt}\x00{case.response}".encode()
    number = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")
    if is_algorithmic(case.metric_name):
        return round((number % 10_001) / 10_000, 4)
    return _JUDGE_LEVELS[number % len(_JUDGE_LEVELS)]


def _record_id(subject: str, dataset: str, line: int) -> str:
    """The id of a prompt's record, as the record responder sees it: the same for the same
    line of the same dataset answered by the same model, whatever the job (so the default
    answers, and the default scores, are the same from one run to the next)."""
    key = f"{subject}/{dataset}:{line}".encode()
    return hashlib.blake2b(key, digest_size=6).hexdigest().upper()
