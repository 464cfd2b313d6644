"""GetFoundationModel and ListFoundationModels, answered from the catalogue."""

from __future__ import annotations

import functools

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import not_found, validation_error
from bedrock_jobs_mock.engine.identifiers import arn
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.catalog import FoundationModel

_FOUNDATION_MODEL = "foundation-model/"
_INFERENCE_PROFILE = "inference-profile/"


def foundation_model_arn(state: RegionState, model_id: str) -> str:
    """``arn:{partition}:bedrock:{region}::foundation-model/{id}``: no account."""
    return arn(state.partition, "bedrock", state.region, "", f"foundation-model/{model_id}")


def model_id_of(state: RegionState, identifier: str, *, profiles: bool = False) -> str:
    """The foundation-model id ``identifier`` names, as far as its form tells.

    A foundation-model ARN names the id after ``foundation-model/``. With
    ``profiles``, an inference profile names the model it routes to: the id
    after ``inference-profile/`` in its ARN, or the id given, less a geography
    prefix (``us.amazon.nova-pro-v1:0`` names ``amazon.nova-pro-v1:0``) when
    what follows is a catalogue model. Anything else is returned as it is.

    Any ARN of another region than the request's is refused with
    ``ValidationException``: the mock does not read it as if it were of the
    caller's region (decided).
    """
    model_id = identifier
    if identifier.startswith("arn:"):
        parts = identifier.split(":", 5)
        if len(parts) < 6:
            return identifier
        region, resource = parts[3], parts[5]
        if region != state.region:
            raise validation_error(
                f"The model '{identifier}' is in {region}, not in {state.region} "
                "where this request was made."
            )
        if resource.startswith(_FOUNDATION_MODEL):
            return resource[len(_FOUNDATION_MODEL) :]
        if not (profiles and resource.startswith(_INFERENCE_PROFILE)):
            return identifier
        model_id = resource[len(_INFERENCE_PROFILE) :]
    elif not profiles:
        return identifier
    if catalog.find(model_id) is None and "." in model_id:
        unprefixed = model_id.split(".", 1)[1]
        if catalog.find(unprefixed) is not None:
            return unprefixed
    return model_id


@functools.cache
def _reportable_customizations() -> frozenset[str]:
    """The customization types a foundation model's summary can name: the values of the
    installed botocore's ModelCustomization enum (REINFORCEMENT_FINE_TUNING is a type of
    job, not one of them; botocore 1.35.4 has no DISTILLATION)."""
    return frozenset(service_model("bedrock").shape_for("ModelCustomization").enum)


def _customizations(state: RegionState, model: FoundationModel) -> list[str]:
    reportable = _reportable_customizations()
    return [kind for kind in model.customizations_in(state.region) if kind in reportable]


def describe_foundation_model(state: RegionState, model: FoundationModel) -> JsonDict:
    """The model as the service reports it in ``state``'s region.

    ``customizationsSupported`` is empty in a region where the model cannot be
    customized, so ``byCustomizationType`` lists what CreateModelCustomizationJob
    accepts there (of the types the service model lets a summary name).
    """
    return {
        "modelArn": foundation_model_arn(state, model.model_id),
        "modelId": model.model_id,
        "modelName": model.name,
        "providerName": model.provider,
        "inputModalities": list(model.input_modalities),
        "outputModalities": list(model.output_modalities),
        "responseStreamingSupported": model.streaming,
        "customizationsSupported": _customizations(state, model),
        "inferenceTypesSupported": list(model.inference_types),
        "modelLifecycle": {
            "status": model.lifecycle,
            "startOfLifeTime": model.start_of_life_time,
            "legacyTime": model.legacy_time,
            "endOfLifeTime": model.end_of_life_time,
            "publicExtendedAccessTime": model.public_extended_access_time,
        },
    }


@serves("bedrock", "GetFoundationModel")
def get_foundation_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetFoundationModel, by model id or foundation-model ARN (of the request's region)."""
    identifier = params["modelIdentifier"]
    model = catalog.find(model_id_of(context.state, identifier))
    if model is None:
        raise not_found(f"The specified foundation model '{identifier}' could not be found.")
    return {"modelDetails": describe_foundation_model(context.state, model)}


@serves("bedrock", "ListFoundationModels")
def list_foundation_models(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListFoundationModels: every catalogue model, filtered; customizations as in the region."""
    provider = params.get("byProvider")
    customization = params.get("byCustomizationType")
    modality = params.get("byOutputModality")
    inference_type = params.get("byInferenceType")

    def matches(model: FoundationModel) -> bool:
        # byProvider matches case-insensitively (decided: ``meta`` and ``Meta`` both work).
        return (
            (provider is None or model.provider.lower() == provider.lower())
            and (customization is None or customization in _customizations(context.state, model))
            and (modality is None or modality in model.output_modalities)
            and (inference_type is None or inference_type in model.inference_types)
        )

    summaries = [
        describe_foundation_model(context.state, model)
        for model in catalog.all_models()
        if matches(model)
    ]
    return {"modelSummaries": summaries}
