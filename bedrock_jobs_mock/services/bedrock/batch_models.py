"""The model a batch inference job invokes: what ``modelId`` names, whether it runs batch
inference in the Region, and how Get and List answer it.

A foundation-model id or ARN answers as the foundation-model ARN of the Region
(no account); a system inference-profile id (``us.``, ``eu.``, ``apac.``,
``global.``) or ARN as the profile's ARN in the caller's account; a custom
model ARN as itself. The catalogue (``catalog.BATCH_SUPPORT``) says which
models run batch jobs, in which Regions and through which profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.errors import ServiceError, validation_error
from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.store import missing
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.custom_models import CUSTOM_MODEL, CustomModel, check_active
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn, model_id_of

#: The user guide's words for provisioned models, which batch inference refuses.
PROVISIONED_REFUSED = "Batch inference isn't supported for provisioned models."


@dataclass(frozen=True)
class InvokedModel:
    """A model a batch job may invoke.

    ``model_id`` is how Get and List answer it; ``base_id`` the foundation model's
    on-demand id, what the records' responder is told (for a custom model, the model it
    was built on); ``quota_key`` what the per-model quotas count jobs by (the base
    model, or the custom model).
    """

    model_id: str
    base_id: str
    quota_key: str


def invoked_model(state: RegionState, identifier: str) -> InvokedModel:
    """The model ``identifier`` names, if it runs batch inference in ``state``'s Region.

    ``ValidationException`` for a model that does not (the service's words, naming
    the model), a provisioned model, or an ARN of another Region;
    ``ResourceNotFoundException`` for a custom model or inference profile the
    caller does not have.
    """
    parts = parse_arn(identifier)
    if parts is None:
        geography, _, model_id = identifier.partition(".")
        if geography in catalog.PROFILE_GEOGRAPHIES and catalog.find(model_id) is not None:
            return _through_profile(state, identifier, geography, model_id)
        return _foundation(state, identifier, identifier)
    model_id = model_id_of(state, identifier)  # refuses an ARN of another Region
    resource = parts.resource
    if resource.startswith("foundation-model/"):
        return _foundation(state, identifier, model_id)
    if resource.startswith("provisioned-model/"):
        raise validation_error(PROVISIONED_REFUSED)
    if resource.startswith("custom-model/"):
        return _custom(state, identifier)
    if resource.startswith("inference-profile/") and parts.account == state.account:
        profile_id = resource.split("/", 1)[1]
        geography, _, model_id = profile_id.partition(".")
        if geography in catalog.PROFILE_GEOGRAPHIES:
            return _through_profile(state, identifier, geography, model_id)
    if "inference-profile/" in resource:  # an application profile, or another account's
        raise missing("inference profile", identifier)
    raise unsupported(state, identifier)


def unsupported(state: RegionState, identifier: str) -> ServiceError:
    """The service's refusal of a model that does not run batch inference (here)."""
    return validation_error(
        f"Batch inference is not supported for the requested model {identifier} in {state.region}."
    )


def _foundation(state: RegionState, identifier: str, model_id: str) -> InvokedModel:
    support = catalog.batch_support(model_id)
    if support is None or state.region not in support.in_region:
        raise unsupported(state, identifier)
    return InvokedModel(foundation_model_arn(state, model_id), model_id, model_id)


def _through_profile(
    state: RegionState, identifier: str, geography: str, model_id: str
) -> InvokedModel:
    support = catalog.batch_support(model_id)
    served_here = geography == "global" or catalog.geography_of(state.region) == geography
    if support is None or geography not in support.profiles or not served_here:
        raise unsupported(state, identifier)
    profile_arn = state.arn("bedrock", f"inference-profile/{geography}.{model_id}")
    return InvokedModel(profile_arn, model_id, model_id)


def _custom(state: RegionState, identifier: str) -> InvokedModel:
    """A custom model the caller owns in the Region, Active, built on a model whose
    custom models run batch inference there."""
    model = state.table(CustomModel).by_arn(identifier)
    if model is None:
        raise missing(CUSTOM_MODEL, identifier)
    check_active(model, identifier, "used for batch inference")
    base = catalog.on_demand_of(model.lineage.base.foundation.model_id)
    support = catalog.batch_support(base) if base is not None else None
    if base is None or support is None or state.region not in support.custom:
        raise unsupported(state, identifier)
    return InvokedModel(model.arn, base, model.arn)
