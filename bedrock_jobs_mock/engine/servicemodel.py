"""botocore's service models, loaded once: the source of every shape, pattern and status."""

from __future__ import annotations

import functools

import botocore.session
from botocore.exceptions import DataNotFoundError, UnknownRegionError, UnknownServiceError
from botocore.model import ServiceModel


@functools.cache
def has_model(service: str) -> bool:
    """Whether the installed botocore ships a model of ``service``: botocore drops the
    model of a service AWS retires, and the mock then does not serve it. Looks the model
    up as botocore does, without loading it."""
    loader = botocore.session.get_session().get_component("data_loader")
    try:
        loader.determine_latest_version(service, "service-2")
    except (DataNotFoundError, UnknownServiceError):
        return False
    return True


@functools.cache
def service_model(service: str) -> ServiceModel:
    """The botocore service model of ``service`` (``bedrock``, ``lookoutequipment``)."""
    session = botocore.session.get_session()
    return session.get_service_model(service)


@functools.cache
def partition_of(region: str) -> str:
    """The ARN partition a region belongs to, from botocore's endpoint data."""
    session = botocore.session.get_session()
    resolver = session._get_internal_component("endpoint_resolver")
    try:
        return str(resolver.get_partition_for_region(region))
    except UnknownRegionError:
        return "aws"


@functools.cache
def known_regions() -> frozenset[str]:
    """Every Region of every partition botocore's endpoint data names."""
    session = botocore.session.get_session()
    regions: set[str] = set()
    for data in ("endpoints", "partitions"):
        try:
            partitions = session.get_data(data)["partitions"]
        except (DataNotFoundError, KeyError):
            continue
        for partition in partitions:
            regions.update(partition.get("regions", {}))
    return frozenset(regions)
