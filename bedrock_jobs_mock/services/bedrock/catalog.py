"""The foundation models the mock knows: what each is, and how each can be customized.

This is data the service models do not hold. One ``FoundationModel`` per model
id the service lists; a model that can be customized appears twice, as the
service lists it: its on-demand id (``amazon.titan-text-express-v1``) and its
customizable variant with a version and context suffix
(``amazon.titan-text-express-v1:0:8k``, provisioned throughput only). To add a
model, add an entry; to add a family of hyperparameters, add a tuple.

Hyperparameter names, ranges and defaults follow the Bedrock user guide's
"Custom model hyperparameters" pages; bounds are inclusive. Where AWS's own code
sends a hyperparameter the tables leave out, the service accepts it, and so
does the catalogue (with no default: docs/fidelity.md). Models, customization
types and Regions were last reviewed on 2026-12-06 (docs/fidelity.md says
against which pages). Which models run batch inference, where and through what
(``BATCH_SUPPORT``) follows the user guide's "Supported Regions and models for
batch inference", cut to the catalogue's models and a few Regions each (decided).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from bedrock_jobs_mock.engine.identifiers import ArnParts

#: When Amazon Bedrock became generally available: every entry's startOfLifeTime unless
#: it says otherwise (decided: the catalogue does not hold each model's launch day).
BEDROCK_AVAILABLE = datetime(2023, 9, 28, tzinfo=timezone.utc)

#: Customization types, as the entries below name them: values of the model's
#: CustomizationType (botocore 1.35.4 has only the first two; tests check the rest
#: against any botocore that has them).
FINE_TUNING = "FINE_TUNING"
CONTINUED_PRE_TRAINING = "CONTINUED_PRE_TRAINING"
DISTILLATION = "DISTILLATION"
#: Nova 2 Lite's; CreateModelCustomizationJob knows its config member.
REINFORCEMENT_FINE_TUNING = "REINFORCEMENT_FINE_TUNING"

#: The customization types a family's hyperparameters are for: the user guide's tables
#: are for fine-tuning and continued pre-training. A distillation job takes none (its
#: documented request has no hyperParameters); an RFT job has its own, in rftConfig.
HYPERPARAMETER_TYPES = (FINE_TUNING, CONTINUED_PRE_TRAINING)


@dataclass(frozen=True)
class HyperParameter:
    """One hyperparameter a model family accepts: a number in ``[minimum, maximum]``.

    ``default`` is what a job reports when the request leaves it out; None for one
    the documented tables do not list, reported only when given.
    """

    name: str
    minimum: float
    maximum: float
    default: str | None
    integer: bool = False


@dataclass(frozen=True)
class FoundationModel:
    """A foundation model as ListFoundationModels reports it, plus how it can be customized."""

    model_id: str
    name: str
    provider: str
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    inference_types: tuple[str, ...] = ("ON_DEMAND",)
    streaming: bool | None = True
    lifecycle: str = "ACTIVE"
    #: modelLifecycle times; the later three only for a LEGACY model that has them.
    start_of_life_time: datetime = BEDROCK_AVAILABLE
    legacy_time: datetime | None = None
    end_of_life_time: datetime | None = None
    public_extended_access_time: datetime | None = None
    customizations: tuple[str, ...] = ()
    customization_regions: frozenset[str] = frozenset()
    hyperparameters: tuple[HyperParameter, ...] = ()
    #: Model ids (without suffix) that may teach this model in a DISTILLATION job.
    teachers: tuple[str, ...] = ()
    #: Whether custom models built on this model can be copied (Titan Text Premier's cannot).
    copyable: bool = True

    @property
    def is_customizable(self) -> bool:
        """Whether this entry is one CreateModelCustomizationJob accepts (somewhere)."""
        return bool(self.customizations)

    @property
    def is_provisionable(self) -> bool:
        """Whether Provisioned Throughput can be bought for this entry."""
        return "PROVISIONED" in self.inference_types

    def customizations_in(self, region: str) -> tuple[str, ...]:
        """The customization types this model supports in ``region`` (none outside its regions)."""
        return self.customizations if region in self.customization_regions else ()

    def hyperparameters_for(self, kind: str) -> tuple[HyperParameter, ...]:
        """The hyperparameters a job of customization type ``kind`` takes on this model."""
        return self.hyperparameters if kind in HYPERPARAMETER_TYPES else ()


def _int(name: str, minimum: int, maximum: int, default: int | None) -> HyperParameter:
    return HyperParameter(
        name, minimum, maximum, None if default is None else str(default), integer=True
    )


TITAN_TEXT = (
    _int("epochCount", 1, 10, 5),
    _int("batchSize", 1, 64, 1),
    HyperParameter("learningRate", 0.0, 1.0, "0.00001"),
    _int("learningRateWarmupSteps", 0, 250, 5),
)
TITAN_TEXT_PREMIER = (
    _int("epochCount", 1, 5, 2),
    _int("batchSize", 1, 1, 1),
    HyperParameter("learningRate", 1e-7, 1e-5, "0.000001"),
    _int("learningRateWarmupSteps", 0, 20, 5),
)
TITAN_IMAGE = (
    _int("batchSize", 8, 192, 8),
    _int("stepCount", 10, 40000, 500),
    HyperParameter("learningRate", 1e-7, 1e-4, "0.00001"),
)
NOVA = (
    _int("epochCount", 1, 5, 2),
    HyperParameter("learningRate", 1e-6, 1e-4, "0.00001"),
    _int("learningRateWarmupSteps", 0, 100, 10),
    # Not in the user guide's table, but sent by AWS's Nova Micro notebooks ("1") and
    # accepted by the service; bounded as those notebooks describe it (docs/fidelity.md).
    _int("batchSize", 1, 64, None),
)
NOVA_CANVAS = (
    _int("batchSize", 8, 192, 8),
    _int("stepCount", 10, 20000, 500),
    HyperParameter("learningRate", 1e-7, 1e-4, "0.00001"),
)
LLAMA_3 = (
    _int("epochCount", 1, 10, 5),
    _int("batchSize", 1, 1, 1),
    HyperParameter("learningRate", 5e-6, 0.1, "0.0001"),
)
CLAUDE_3_HAIKU = (
    _int("epochCount", 1, 10, 2),
    _int("batchSize", 4, 256, 32),
    HyperParameter("learningRateMultiplier", 0.1, 2.0, "1"),
    HyperParameter("earlyStoppingThreshold", 0.0, 0.1, "0.001"),
    _int("earlyStoppingPatience", 1, 10, 2),
)
COHERE_COMMAND = (
    _int("epochCount", 1, 100, 1),
    _int("batchSize", 8, 8, 8),
    HyperParameter("learningRate", 5e-6, 0.1, "0.00001"),
    HyperParameter("earlyStoppingThreshold", 0.0, 0.1, "0.01"),
    _int("earlyStoppingPatience", 1, 10, 6),
    _int("evalPercentage", 5, 50, 20),
)

_US_EAST_1 = frozenset({"us-east-1"})
_US_WEST_2 = frozenset({"us-west-2"})
_US_EAST_1_AND_WEST_2 = frozenset({"us-east-1", "us-west-2"})
_PROVISIONED = ("PROVISIONED",)
_ON_DEMAND_AND_PROVISIONED = ("ON_DEMAND", "PROVISIONED")
_TEXT = ("TEXT",)
_TEXT_IMAGE = ("TEXT", "IMAGE")
_TEXT_IMAGE_VIDEO = ("TEXT", "IMAGE", "VIDEO")
_NOVA_TEACHERS = ("amazon.nova-premier-v1:0", "amazon.nova-pro-v1:0")
_LLAMA_TEACHERS = ("meta.llama3-1-405b-instruct-v1:0", "meta.llama3-1-70b-instruct-v1:0")


def _family(
    model_id: str,
    suffix: str,
    name: str,
    provider: str,
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    *,
    customizations: tuple[str, ...],
    regions: frozenset[str],
    hyperparameters: tuple[HyperParameter, ...],
    teachers: tuple[str, ...] = (),
    streaming: bool | None = True,
    copyable: bool = True,
) -> tuple[FoundationModel, FoundationModel]:
    """A model's on-demand entry and its customizable ``model_id + suffix`` variant."""
    on_demand = FoundationModel(model_id, name, provider, inputs, outputs, streaming=streaming)
    customizable = FoundationModel(
        model_id + suffix,
        name,
        provider,
        inputs,
        outputs,
        inference_types=_PROVISIONED,
        streaming=streaming,
        customizations=customizations,
        customization_regions=regions,
        hyperparameters=hyperparameters,
        teachers=teachers,
        copyable=copyable,
    )
    return on_demand, customizable


FOUNDATION_MODELS: tuple[FoundationModel, ...] = (
    *_family(
        "amazon.titan-text-express-v1",
        ":0:8k",
        "Titan Text G1 - Express",
        "Amazon",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, CONTINUED_PRE_TRAINING),
        regions=_US_EAST_1_AND_WEST_2,
        hyperparameters=TITAN_TEXT,
    ),
    *_family(
        "amazon.titan-text-lite-v1",
        ":0:4k",
        "Titan Text G1 - Lite",
        "Amazon",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, CONTINUED_PRE_TRAINING),
        regions=_US_EAST_1_AND_WEST_2,
        hyperparameters=TITAN_TEXT,
    ),
    *_family(
        "amazon.titan-text-premier-v1:0",
        ":32k",
        "Titan Text G1 - Premier",
        "Amazon",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING,),
        regions=_US_EAST_1,
        hyperparameters=TITAN_TEXT_PREMIER,
        copyable=False,
    ),
    *_family(
        "amazon.titan-image-generator-v1",
        ":0",
        "Titan Image Generator G1",
        "Amazon",
        _TEXT_IMAGE,
        ("IMAGE",),
        customizations=(FINE_TUNING,),
        regions=_US_EAST_1_AND_WEST_2,
        hyperparameters=TITAN_IMAGE,
        streaming=None,
    ),
    FoundationModel(
        "amazon.titan-embed-text-v2:0",
        "Titan Text Embeddings V2",
        "Amazon",
        _TEXT,
        ("EMBEDDING",),
        streaming=None,
    ),
    # The embeddings models knowledge bases are most often built on (AWS's and Airflow's
    # knowledge-base examples name Titan Embeddings G1 - Text).
    FoundationModel(
        "amazon.titan-embed-text-v1",
        "Titan Embeddings G1 - Text",
        "Amazon",
        _TEXT,
        ("EMBEDDING",),
        streaming=None,
    ),
    FoundationModel(
        "cohere.embed-english-v3", "Embed English", "Cohere", _TEXT, ("EMBEDDING",), streaming=None
    ),
    FoundationModel(
        "cohere.embed-multilingual-v3",
        "Embed Multilingual",
        "Cohere",
        _TEXT,
        ("EMBEDDING",),
        streaming=None,
    ),
    *_family(
        "amazon.nova-micro-v1:0",
        ":128k",
        "Nova Micro",
        "Amazon",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_EAST_1,
        hyperparameters=NOVA,
        teachers=_NOVA_TEACHERS,
    ),
    *_family(
        "amazon.nova-lite-v1:0",
        ":300k",
        "Nova Lite",
        "Amazon",
        _TEXT_IMAGE_VIDEO,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_EAST_1,
        hyperparameters=NOVA,
        teachers=_NOVA_TEACHERS,
    ),
    *_family(
        "amazon.nova-pro-v1:0",
        ":300k",
        "Nova Pro",
        "Amazon",
        _TEXT_IMAGE_VIDEO,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_EAST_1,
        hyperparameters=NOVA,
        teachers=("amazon.nova-premier-v1:0",),
    ),
    FoundationModel("amazon.nova-premier-v1:0", "Nova Premier", "Amazon", _TEXT_IMAGE_VIDEO, _TEXT),
    *_family(
        "amazon.nova-2-lite-v1:0",
        ":256k",
        "Nova 2 Lite",
        "Amazon",
        _TEXT_IMAGE_VIDEO,
        _TEXT,
        customizations=(FINE_TUNING, REINFORCEMENT_FINE_TUNING),
        regions=_US_EAST_1,
        # The user guide has no table of its own for Nova 2 Lite (decided: Nova's).
        hyperparameters=NOVA,
    ),
    # One entry, on demand and provisioned, customized under its own id (the user guide's
    # table and AWS's Nova Canvas fine-tuning notebook both name amazon.nova-canvas-v1:0).
    FoundationModel(
        "amazon.nova-canvas-v1:0",
        "Nova Canvas",
        "Amazon",
        _TEXT_IMAGE,
        ("IMAGE",),
        inference_types=_ON_DEMAND_AND_PROVISIONED,
        streaming=None,
        customizations=(FINE_TUNING,),
        customization_regions=_US_EAST_1,
        hyperparameters=NOVA_CANVAS,
    ),
    *_family(
        "anthropic.claude-3-haiku-20240307-v1:0",
        ":200k",
        "Claude 3 Haiku",
        "Anthropic",
        _TEXT_IMAGE,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_WEST_2,
        hyperparameters=CLAUDE_3_HAIKU,
        teachers=("anthropic.claude-3-5-sonnet-20241022-v2:0",),
    ),
    FoundationModel(
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "Claude 3.5 Sonnet v2",
        "Anthropic",
        _TEXT_IMAGE,
        _TEXT,
    ),
    *_family(
        "meta.llama3-1-8b-instruct-v1:0",
        ":128k",
        "Llama 3.1 8B Instruct",
        "Meta",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_WEST_2,
        hyperparameters=LLAMA_3,
        teachers=_LLAMA_TEACHERS,
    ),
    *_family(
        "meta.llama3-1-70b-instruct-v1:0",
        ":128k",
        "Llama 3.1 70B Instruct",
        "Meta",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_WEST_2,
        hyperparameters=LLAMA_3,
        teachers=("meta.llama3-1-405b-instruct-v1:0",),
    ),
    FoundationModel(
        "meta.llama3-1-405b-instruct-v1:0", "Llama 3.1 405B Instruct", "Meta", _TEXT, _TEXT
    ),
    *_family(
        "meta.llama3-2-1b-instruct-v1:0",
        ":128k",
        "Llama 3.2 1B Instruct",
        "Meta",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_WEST_2,
        hyperparameters=LLAMA_3,
        teachers=_LLAMA_TEACHERS,
    ),
    *_family(
        "meta.llama3-2-3b-instruct-v1:0",
        ":128k",
        "Llama 3.2 3B Instruct",
        "Meta",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING, DISTILLATION),
        regions=_US_WEST_2,
        hyperparameters=LLAMA_3,
        teachers=_LLAMA_TEACHERS,
    ),
    *_family(
        "meta.llama3-2-11b-instruct-v1:0",
        ":128k",
        "Llama 3.2 11B Instruct",
        "Meta",
        _TEXT_IMAGE,
        _TEXT,
        customizations=(FINE_TUNING,),
        regions=_US_WEST_2,
        hyperparameters=LLAMA_3,
    ),
    *_family(
        "cohere.command-text-v14",
        ":7:4k",
        "Command",
        "Cohere",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING,),
        regions=_US_EAST_1_AND_WEST_2,
        hyperparameters=COHERE_COMMAND,
    ),
    *_family(
        "cohere.command-light-text-v14",
        ":7:4k",
        "Command Light",
        "Cohere",
        _TEXT,
        _TEXT,
        customizations=(FINE_TUNING,),
        regions=_US_EAST_1_AND_WEST_2,
        hyperparameters=COHERE_COMMAND,
    ),
    FoundationModel(
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "Claude Sonnet 4",
        "Anthropic",
        _TEXT_IMAGE,
        _TEXT,
    ),
    FoundationModel(
        "mistral.mistral-large-2407-v1:0", "Mistral Large (24.07)", "Mistral AI", _TEXT, _TEXT
    ),
)

_BY_ID = {model.model_id: model for model in FOUNDATION_MODELS}


@dataclass(frozen=True)
class BatchSupport:
    """Where a model runs batch inference jobs: as a foundation model in ``in_region``
    Regions, through the system inference profiles of the ``profiles`` geographies
    (``us``, ``eu``, ``apac``, ``global``) from any Region of that geography, and as a
    custom model built on it in ``custom`` Regions."""

    in_region: frozenset[str] = frozenset()
    profiles: frozenset[str] = frozenset()
    custom: frozenset[str] = frozenset()


_US_GOV = frozenset({"us-east-1", "us-gov-west-1"})
_US_WEST = _US_WEST_2
_US_EU_APAC = frozenset({"us", "eu", "apac"})
_US = frozenset({"us"})
_NOVA_BATCH = BatchSupport(in_region=_US_GOV, profiles=_US_EU_APAC)
_LLAMA_BATCH = BatchSupport(in_region=_US_WEST, profiles=_US, custom=_US_WEST)
_LLAMA_PROFILE_BATCH = BatchSupport(profiles=_US, custom=_US_WEST)
_TITAN_TEXT_BATCH = BatchSupport(in_region=_US_EAST_1_AND_WEST_2, custom=_US_EAST_1_AND_WEST_2)

#: The models that run batch inference jobs, by on-demand model id.
BATCH_SUPPORT: dict[str, BatchSupport] = {
    "amazon.nova-micro-v1:0": _NOVA_BATCH,
    "amazon.nova-lite-v1:0": _NOVA_BATCH,
    "amazon.nova-pro-v1:0": _NOVA_BATCH,
    "amazon.nova-premier-v1:0": BatchSupport(profiles=_US),
    "amazon.titan-text-express-v1": _TITAN_TEXT_BATCH,
    "amazon.titan-text-lite-v1": _TITAN_TEXT_BATCH,
    "amazon.titan-embed-text-v2:0": BatchSupport(in_region=_US_EAST_1_AND_WEST_2),
    "anthropic.claude-3-haiku-20240307-v1:0": BatchSupport(
        in_region=_US_EAST_1_AND_WEST_2, profiles=_US_EU_APAC
    ),
    "anthropic.claude-3-5-sonnet-20241022-v2:0": BatchSupport(
        in_region=_US_WEST, profiles=frozenset({"us", "apac"})
    ),
    "anthropic.claude-sonnet-4-20250514-v1:0": BatchSupport(
        profiles=frozenset({"us", "eu", "apac", "global"})
    ),
    "meta.llama3-1-8b-instruct-v1:0": _LLAMA_BATCH,
    "meta.llama3-1-70b-instruct-v1:0": _LLAMA_BATCH,
    "meta.llama3-1-405b-instruct-v1:0": BatchSupport(in_region=_US_WEST),
    "meta.llama3-2-1b-instruct-v1:0": _LLAMA_PROFILE_BATCH,
    "meta.llama3-2-3b-instruct-v1:0": _LLAMA_PROFILE_BATCH,
    "meta.llama3-2-11b-instruct-v1:0": _LLAMA_PROFILE_BATCH,
    "mistral.mistral-large-2407-v1:0": BatchSupport(in_region=_US_WEST),
}


#: The geography prefixes of system inference profiles (``us.amazon.nova-pro-v1:0``).
PROFILE_GEOGRAPHIES = frozenset({"us", "eu", "apac", "global"})


def all_models() -> Iterator[FoundationModel]:
    """Every foundation model, in catalogue order."""
    return iter(FOUNDATION_MODELS)


def find(model_id: str) -> FoundationModel | None:
    """The model whose id is exactly ``model_id``."""
    return _BY_ID.get(model_id)


def customizable_variant(model_id: str) -> FoundationModel | None:
    """The customizable model an id names, with or without its version and context suffix.

    ``amazon.titan-text-express-v1``, ``amazon.titan-text-express-v1:0`` and
    ``amazon.titan-text-express-v1:0:8k`` all name ``...-v1:0:8k``.
    """
    exact = _BY_ID.get(model_id)
    if exact is not None and exact.is_customizable:
        return exact
    prefix = model_id + ":"
    return next(
        (m for m in FOUNDATION_MODELS if m.is_customizable and m.model_id.startswith(prefix)),
        None,
    )


def batch_support(model_id: str) -> BatchSupport | None:
    """Where the model ``model_id`` (an on-demand id, exactly) runs batch inference."""
    return BATCH_SUPPORT.get(model_id)


def on_demand_of(customizable_id: str) -> str | None:
    """The on-demand id of the customizable model ``customizable_id``
    (``amazon.titan-text-express-v1:0:8k``: ``amazon.titan-text-express-v1``), among
    the models that run batch inference: whose support its custom models have."""
    return next((key for key in BATCH_SUPPORT if customizable_id.startswith(key + ":")), None)


def geography_of(region: str) -> str | None:
    """The geography whose inference profiles a Region serves: its ``us``, ``eu`` or
    ``apac`` prefix (a GovCloud Region has none of them)."""
    if region.startswith("us-gov-"):
        return None
    return next(
        (geography for prefix, geography in _GEOGRAPHIES if region.startswith(prefix)), None
    )


_GEOGRAPHIES = (("us-", "us"), ("eu-", "eu"), ("ap-", "apac"))


def names_a_catalogue_model(parts: ArnParts) -> bool:
    """Whether an ARN names a foundation model of the catalogue, or a system inference
    profile (``us.``, ``eu.``, ...) of one: values the mock answers (a batch job's
    normalised ``modelId``) that an older model's pattern may predate."""
    if parts.service != "bedrock":
        return False
    kind, _, name = parts.resource.partition("/")
    if kind == "foundation-model":
        return name in _BY_ID
    if kind == "inference-profile":
        geography, _, model_id = name.partition(".")
        return geography in PROFILE_GEOGRAPHIES and model_id in _BY_ID
    return False
