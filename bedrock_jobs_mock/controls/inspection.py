"""Read-only snapshots of the jobs and models of one account and region: ``env.state()``.

A snapshot is taken after every transition that has fallen due, and holds
copies: nothing a test does with it reaches the mock's state.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.options import DEFAULT_DURATIONS
from bedrock_jobs_mock.engine.store import Resource


@functools.cache
def model_kinds() -> dict[str, type[Resource] | None]:
    """The kinds of model a snapshot holds, and the class of each (imported on first use:
    importing the package loads no service module); ``None`` for a kind of a service the
    mock does not serve with this botocore (its snapshots hold none)."""
    from bedrock_jobs_mock.services import served_services
    from bedrock_jobs_mock.services.bedrock.custom_models import CustomModel
    from bedrock_jobs_mock.services.bedrock.import_jobs import ImportedModel

    lookout_model: type[Resource] | None = None
    if "lookoutequipment" in served_services():
        from bedrock_jobs_mock.services.lookoutequipment.records import Model

        lookout_model = Model
    data_source: type[Resource] | None = None
    if "bedrock-agent" in served_services():
        from bedrock_jobs_mock.services.bedrock_agent.data_sources import DataSource

        data_source = DataSource
    return {
        "imported_model": ImportedModel,
        "custom_model": CustomModel,
        "lookout_model": lookout_model,
        "data_source": data_source,
    }


@dataclass(frozen=True)
class ResourceView:
    """One job or model as its Get/Describe operation would answer, in the API's member
    names (``view["status"]``, ``view["FailedReason"]``); absent members are left out."""

    kind: str
    arn: str
    name: str
    details: Mapping[str, Any]

    def __getitem__(self, member: str) -> Any:
        return self.details[member]

    @classmethod
    def of(cls, kind: str, resource: Resource) -> ResourceView:
        described = {key: value for key, value in resource.describe().items() if value is not None}
        return cls(kind, resource.arn, resource.name, MappingProxyType(copy.deepcopy(described)))


@dataclass(frozen=True)
class StateView:
    """The jobs of each kind (keys of ``DEFAULT_DURATIONS``: knowledge bases and ingestion
    jobs among them) and the models of each kind (keys of ``model_kinds()``: data sources
    among them) of one account and region, oldest first."""

    account: str
    region: str
    jobs: Mapping[str, tuple[ResourceView, ...]]
    models: Mapping[str, tuple[ResourceView, ...]]


def snapshot(backend: Backend, account: str, region: str) -> StateView:
    """The state of ``account`` in ``region`` now."""
    with backend.lock:
        backend.apply_due_transitions()
        jobs: dict[str, list[ResourceView]] = {kind: [] for kind in DEFAULT_DURATIONS}
        for job in backend.jobs_in(account, region):
            jobs[job.KIND].append(ResourceView.of(job.KIND, job))
        state = backend.existing_region_state(account, region)
        models = {
            kind: tuple(ResourceView.of(kind, model) for model in state.table(model_class))
            if state is not None and model_class is not None
            else ()
            for kind, model_class in model_kinds().items()
        }
    return StateView(
        account,
        region,
        MappingProxyType({kind: tuple(views) for kind, views in jobs.items()}),
        MappingProxyType(models),
    )
