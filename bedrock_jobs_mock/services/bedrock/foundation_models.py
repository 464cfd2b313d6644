"""GetFoundationModel and ListFoundationModels, answered from the catalogue."""

from __future__ import annotations

from bedrock_jobs_mock.backend import RegionState
from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.errors import not_found
from bedrock_jobs_mock.identifiers import arn
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.catalog import FoundationModel

_ARN_MARKER = ":foundation-model/"


def foundation_model_arn(state: RegionState, model_id: str) -> str:
    """``arn:{partition}:bedrock:{region}::foundation-model/{id}``: no account."""
    return arn(state.partition, "bedrock", state.region, "", f"foundation-model/{model_id}")


def model_id_of(identifier: str) -> str:
    """The model id a foundation-model ARN names; any other identifier as it is."""
    if identifier.startswith("arn:") and _ARN_MARKER in identifier:
        return identifier.split(_ARN_MARKER, 1)[1]
    return identifier


def describe_foundation_model(state: RegionState, model: FoundationModel) -> JsonDict:
    """The model as the service reports it in ``state``'s region.

    ``customizationsSupported`` is empty in a region where the model cannot be
    customized, so ``byCustomizationType`` lists what CreateModelCustomizationJob
    accepts there.
    """
    return {
        "modelArn": foundation_model_arn(state, model.model_id),
        "modelId": model.model_id,
        "modelName": model.name,
        "providerName": model.provider,
        "inputModalities": list(model.input_modalities),
        "outputModalities": list(model.output_modalities),
        "responseStreamingSupported": model.streaming,
        "customizationsSupported": list(model.customizations_in(state.region)),
        "inferenceTypesSupported": list(model.inference_types),
        "modelLifecycle": {"status": model.lifecycle},
    }


@serves("bedrock", "GetFoundationModel")
def get_foundation_model(context: RequestContext, params: JsonDict) -> JsonDict:
    identifier = params["modelIdentifier"]
    model = catalog.find(model_id_of(identifier))
    if model is None:
        raise not_found(f"The specified foundation model '{identifier}' could not be found.")
    return {"modelDetails": describe_foundation_model(context.state, model)}


@serves("bedrock", "ListFoundationModels")
def list_foundation_models(context: RequestContext, params: JsonDict) -> JsonDict:
    provider = params.get("byProvider")
    customization = params.get("byCustomizationType")
    modality = params.get("byOutputModality")
    inference_type = params.get("byInferenceType")
    region = context.state.region

    def matches(model: FoundationModel) -> bool:
        # byProvider matches case-insensitively (decided: ``meta`` and ``Meta`` both work).
        return (
            (provider is None or model.provider.lower() == provider.lower())
            and (customization is None or customization in model.customizations_in(region))
            and (modality is None or modality in model.output_modalities)
            and (inference_type is None or inference_type in model.inference_types)
        )

    summaries = [
        describe_foundation_model(context.state, model)
        for model in catalog.all_models()
        if matches(model)
    ]
    return {"modelSummaries": summaries}
