"""What CreateEvaluationJob checks beyond the model's constraints, and what it makes of
the request: the kind of job, the models or knowledge base it evaluates, its datasets
and metrics.

The metric and dataset names are those the model's documentation lists (they are not
enums in it); the messages are the mock's, the service publishing none
(docs/fidelity.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict
from bedrock_jobs_mock.engine.errors import validation_error
from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.store import missing
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.custom_models import CUSTOM_MODEL, CustomModel
from bedrock_jobs_mock.services.bedrock.foundation_models import model_id_of
from bedrock_jobs_mock.services.bedrock.import_jobs import ImportedModel
from bedrock_jobs_mock.services.bedrock.provisioned_throughput import ProvisionedThroughput
from bedrock_jobs_mock.services.questions import KNOWLEDGE_BASE_LOOKUP

AUTOMATED, HUMAN = "Automated", "Human"
MODEL_EVALUATION, RAG_EVALUATION = "ModelEvaluation", "RagEvaluation"
BUILTIN = "Builtin."

#: Metrics computed without an evaluator model, by task type (the user guide's table of
#: task types; there is no toxicity for classification). ``General`` (judge samples) and
#: ``Custom`` take all three.
_ALGORITHMIC = ("Builtin.Accuracy", "Builtin.Robustness", "Builtin.Toxicity")
ALGORITHMIC_BY_TASK = {"Classification": frozenset(_ALGORITHMIC[:2])}
ALGORITHMIC = frozenset(_ALGORITHMIC)
#: Metrics an evaluator model (LLM-as-a-judge) computes for a model's responses.
JUDGE = frozenset(
    f"{BUILTIN}{name}"
    for name in [
        "Correctness",
        "Completeness",
        "Faithfulness",
        "Helpfulness",
        "Coherence",
        "Relevance",
        "FollowingInstructions",
        "ProfessionalStyleAndTone",
        "Harmfulness",
        "Stereotyping",
        "Refusal",
    ]
)
#: Metrics of a knowledge base's retrieval alone, and of its retrieval and generation.
RAG_RETRIEVE = frozenset(("Builtin.ContextRelevance", "Builtin.ContextCoverage"))
RAG_GENERATE = frozenset(
    f"{BUILTIN}{name}"
    for name in [
        "Correctness",
        "Completeness",
        "Helpfulness",
        "LogicalCoherence",
        "Faithfulness",
        "Harmfulness",
        "Stereotyping",
        "Refusal",
    ]
)
#: The built-in prompt datasets (each down-sampled to ``BUILTIN_PROMPTS`` prompts).
BUILTIN_DATASETS = frozenset(
    f"{BUILTIN}{name}"
    for name in [
        "Bold",
        "BoolQ",
        "NaturalQuestions",
        "Gigaword",
        "RealToxicityPrompts",
        "TriviaQA",
        "T-Rex",
        "WomensEcommerceClothingReviews",
        "Wikitext2",
    ]
)
BUILTIN_PROMPTS = 100
#: The failure messages of a job Create accepts but that cannot run (decided).
UNDEFINED_METRIC = (
    "The metric {name} is neither a built-in metric nor one of the job's customMetrics."
)
NO_LOCATION = "The custom dataset {name} has no datasetLocation."


def check_knowledge_base(state: RegionState, knowledge_base_id: str) -> None:
    """The knowledge base must be one ``state``'s account holds in its Region
    (``ResourceNotFoundException``), and ``ACTIVE`` (``ValidationException``), where
    bedrock-agent is served; without it any well-formed id is taken (docs/fidelity.md)."""
    if not knowledge_base_id:
        raise validation_error("knowledgeBaseId must not be empty.")
    if not KNOWLEDGE_BASE_LOOKUP.answerable():
        return
    knowledge_base = KNOWLEDGE_BASE_LOOKUP.ask(state, knowledge_base_id)
    if knowledge_base is None:
        raise missing("knowledge base", knowledge_base_id)
    if not knowledge_base.active:
        raise validation_error(
            f"The knowledge base {knowledge_base_id} is in {knowledge_base.status} status. "
            "Evaluate it when it is ACTIVE."
        )


@dataclass(frozen=True)
class Subject:
    """What a job evaluates: a model, a knowledge base, or responses the dataset brings."""

    #: How the output names it (``modelIdentifier`` of a response) and its folder.
    identifier: str
    #: The foundation model whose answers the record responder gives; None where the
    #: dataset brings the responses (precomputed) or nothing generates (retrieve only).
    answering_model: str | None
    #: ``model``, ``precomputed``, ``retrieve`` or ``retrieve_and_generate``.
    kind: str
    #: The knowledge base of this mock it retrieves from, if any.
    knowledge_base_id: str | None = None

    @property
    def folder(self) -> str:
        """Its folder in the output tree: the last segment of an ARN, else itself."""
        return self.identifier.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class EvaluationRequest:
    """What a valid request asks, once checked."""

    job_type: str
    application_type: str
    subjects: tuple[Subject, ...]
    #: What fails the job when it runs although Create accepted it (a custom metric no
    #: definition backs, as a third party reports the service does; a custom dataset
    #: without a location): the failure message of the first, if any.
    late_failure: str | None
    evaluator_models: tuple[str, ...]
    custom_metrics_evaluators: tuple[str, ...]


def check_request(state: RegionState, params: JsonDict) -> EvaluationRequest:
    """The request's kind and subjects, or the ``ValidationException`` (or
    ``ResourceNotFoundException`` for a custom or imported model the caller does not hold)
    of the first rule it breaks."""
    evaluation, inference = params["evaluationConfig"], params["inferenceConfig"]
    job_type = HUMAN if "human" in evaluation else AUTOMATED
    config = evaluation.get("human") or evaluation.get("automated") or {}
    rag = "ragConfigs" in inference
    application_type = RAG_EVALUATION if rag else MODEL_EVALUATION
    given = params.get("applicationType")
    if given is not None and given != application_type:
        needs = "ragConfigs" if given == RAG_EVALUATION else "models"
        raise validation_error(f"An evaluation job of applicationType {given} needs {needs}.")
    if rag and job_type == HUMAN:
        raise validation_error("A knowledge base evaluation job must be automated.")
    subjects = _rag_subjects(state, inference) if rag else _models(state, inference, job_type)
    late_failure = _check_datasets(config["datasetMetricConfigs"])
    evaluators = _evaluators(state, config.get("evaluatorModelConfig"))
    custom = config.get("customMetricConfig") or {}
    custom_evaluators = _evaluators(state, custom.get("evaluatorModelConfig"))
    if job_type == HUMAN:
        defined = {metric["name"] for metric in config.get("customMetrics", [])}
        _check_human_metrics(config["datasetMetricConfigs"], defined)
    else:
        defined = {
            source["customMetricDefinition"]["name"]
            for source in custom.get("customMetrics", [])
            if "customMetricDefinition" in source
        }
        if rag and not evaluators:
            raise validation_error("A knowledge base evaluation job needs an evaluatorModelConfig.")
        undefined = _check_automated_metrics(config, subjects, bool(evaluators), defined)
        if undefined and late_failure is None:
            late_failure = UNDEFINED_METRIC.format(name=undefined[0])
    # Whether the knowledge base is held is asked last, once the request's own rules hold.
    for subject in subjects:
        if subject.knowledge_base_id is not None:
            check_knowledge_base(state, subject.knowledge_base_id)
    return EvaluationRequest(
        job_type, application_type, subjects, late_failure, evaluators, custom_evaluators
    )


def _models(state: RegionState, inference: JsonDict, job_type: str) -> tuple[Subject, ...]:
    configs: list[JsonDict] = inference["models"]
    if job_type == AUTOMATED and len(configs) > 1:
        raise validation_error("An automated evaluation job evaluates one model, not 2.")
    subjects = []
    for config in configs:
        if "bedrockModel" in config:
            identifier = config["bedrockModel"]["modelIdentifier"]
            subjects.append(Subject(identifier, answering_model(state, identifier), "model"))
        else:
            source = config["precomputedInferenceSource"]["inferenceSourceIdentifier"]
            subjects.append(Subject(source, None, "precomputed"))
    if len({subject.kind for subject in subjects}) > 1:
        raise validation_error(
            "An evaluation job evaluates Bedrock models or precomputed inference sources, not both."
        )
    return tuple(subjects)


def _rag_subjects(state: RegionState, inference: JsonDict) -> tuple[Subject, ...]:
    (config,) = inference["ragConfigs"]
    if "precomputedRagSourceConfig" in config:
        source = config["precomputedRagSourceConfig"]
        kind = "retrieve" if "retrieveSourceConfig" in source else "retrieve_and_generate"
        identifier = next(iter(source.values()))["ragSourceIdentifier"]
        return (Subject(identifier, None, f"precomputed_{kind}"),)
    knowledge_base = config["knowledgeBaseConfig"]
    if "retrieveConfig" in knowledge_base:
        base_id = knowledge_base["retrieveConfig"]["knowledgeBaseId"]
        return (Subject(base_id, None, "retrieve", base_id),)
    generate = knowledge_base["retrieveAndGenerateConfig"]
    settings = generate.get("knowledgeBaseConfiguration") or generate.get(
        "externalSourcesConfiguration", {}
    )
    base_id = settings.get("knowledgeBaseId")
    identifier = base_id or settings["modelArn"]
    model = answering_model(state, settings["modelArn"])
    return (Subject(identifier, model, "retrieve_and_generate", base_id),)


def answering_model(state: RegionState, identifier: str) -> str:
    """The foundation model whose answers ``identifier`` gives: a catalogue model (its id
    or ARN), a system inference profile of one, or a custom or imported model or a
    Provisioned Throughput the caller holds in the Region (a custom model, or a
    throughput, answers as its foundation model)."""
    parts = parse_arn(identifier)
    if parts is not None:
        resource = parts.resource
        if resource.startswith("custom-model/"):
            model_id_of(state, identifier)  # refuses another Region's ARN
            model = state.table(CustomModel).by_arn(identifier)
            if model is None:
                raise missing(CUSTOM_MODEL, identifier)
            return model.lineage.base.foundation.model_id
        if resource.startswith("imported-model/"):
            model_id_of(state, identifier)
            if state.table(ImportedModel).by_arn(identifier) is None:
                raise missing("imported model", identifier)
            return identifier
        if resource.startswith("provisioned-model/"):
            model_id_of(state, identifier)
            throughput = state.table(ProvisionedThroughput).by_arn(identifier)
            if throughput is None:
                raise missing("provisioned model", identifier)
            return throughput.model.foundation_arn.rsplit("/", 1)[1]
    model_id = model_id_of(state, identifier, profiles=True)
    if catalog.find(model_id) is None:
        raise validation_error(f"The model {identifier} cannot be evaluated: no such model.")
    return model_id


def _evaluators(state: RegionState, config: JsonDict | None) -> tuple[str, ...]:
    """The evaluator models of an ``evaluatorModelConfig``, each a catalogue model."""
    if not config:
        return ()
    identifiers = tuple(model["modelIdentifier"] for model in config["bedrockEvaluatorModels"])
    for identifier in identifiers:
        if catalog.find(model_id_of(state, identifier, profiles=True)) is None:
            raise validation_error(f"The evaluator model {identifier} is not a Bedrock model.")
    return identifiers


def _check_datasets(configs: Sequence[JsonDict]) -> str | None:
    """Refuse a built-in dataset name the service does not have; the failure message of a
    custom dataset without a location, if any."""
    late_failure = None
    for config in configs:
        dataset = config["dataset"]
        name = dataset["name"]
        if name.startswith(BUILTIN):
            if name not in BUILTIN_DATASETS:
                raise validation_error(f"{name} is not a built-in dataset.")
        elif "datasetLocation" not in dataset and late_failure is None:
            late_failure = NO_LOCATION.format(name=name)
    return late_failure


def _check_human_metrics(configs: Sequence[JsonDict], defined: set[str]) -> None:
    for name in _metric_names(configs):
        if name not in defined:
            raise validation_error(
                f"The metric {name} of a human evaluation job must be one of its customMetrics."
            )


def _check_automated_metrics(
    config: JsonDict, subjects: Sequence[Subject], judged: bool, defined: set[str]
) -> tuple[str, ...]:
    """Refuse a built-in metric the job cannot compute; the custom metric names no
    definition backs."""
    kind = subjects[0].kind
    undefined: list[str] = []
    for dataset in config["datasetMetricConfigs"]:
        task_type = dataset["taskType"]
        allowed = _builtin_metrics(kind, judged, task_type)
        for name in dataset["metricNames"]:
            if not name.startswith(BUILTIN):
                if name not in defined and name not in undefined:
                    undefined.append(name)
            elif name not in allowed:
                raise validation_error(
                    f"The metric {name} is not one this job can compute for taskType "
                    f"{task_type}: {', '.join(sorted(allowed))}."
                )
    return tuple(undefined)


def _builtin_metrics(kind: str, judged: bool, task_type: str) -> frozenset[str]:
    if kind.endswith("retrieve"):
        return RAG_RETRIEVE
    if kind.endswith("retrieve_and_generate"):
        return RAG_GENERATE
    if judged:
        return JUDGE
    return ALGORITHMIC_BY_TASK.get(task_type, ALGORITHMIC)


def _metric_names(configs: Sequence[JsonDict]) -> Iterator[str]:
    for config in configs:
        yield from config["metricNames"]


def is_algorithmic(metric_name: str) -> bool:
    """Whether a metric is computed without an evaluator model."""
    return metric_name in ALGORITHMIC


def task_types(config: JsonDict) -> list[str]:
    """The task types of an ``evaluationConfig``'s datasets, each once, in order."""
    inner: Any = config.get("automated") or config.get("human") or {}
    seen: list[str] = []
    for dataset in inner.get("datasetMetricConfigs", []):
        if dataset["taskType"] not in seen:
            seen.append(dataset["taskType"])
    return seen
