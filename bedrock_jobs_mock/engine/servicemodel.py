"""botocore's service models, loaded once each and only when first needed: the source of
every shape, pattern and status.

Every model comes through one botocore data loader: boto3's default session's when
there is one, so a model that a ``boto3.client(...)`` already read is not read again
(the loader keeps what it read), else one of the mock's own, made once. Neither
creates a botocore session, and a model is read only when its service is first needed.
"""

from __future__ import annotations

import functools
import os
import sys
import threading

from botocore.endpoint_provider import RuleSetStandardLibrary
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import Loader, create_loader
from botocore.model import ServiceModel

_own_loader: list[Loader] = []
_making = threading.Lock()


def _loader() -> Loader:
    """boto3's default session's data loader when boto3 made one, else the mock's own."""
    boto3 = sys.modules.get("boto3")
    default_session = getattr(boto3, "DEFAULT_SESSION", None)
    botocore_session = getattr(default_session, "_session", None)
    if botocore_session is not None:
        loader: Loader = botocore_session.get_component("data_loader")
        return loader
    with _making:
        if not _own_loader:
            # As a botocore session makes it: the search path of AWS_DATA_PATH, if set.
            _own_loader.append(create_loader(os.environ.get("AWS_DATA_PATH")))
    return _own_loader[0]


@functools.cache
def has_model(service: str) -> bool:
    """Whether the installed botocore ships a model of ``service``: botocore drops the
    model of a service AWS retires, and the mock then does not serve it. Looks the model
    up as botocore does, without loading it."""
    try:
        _loader().determine_latest_version(service, "service-2")
    except (DataNotFoundError, UnknownServiceError):
        return False
    return True


@functools.cache
def service_model(service: str) -> ServiceModel:
    """The botocore service model of ``service`` (``bedrock``, ``lookoutequipment``)."""
    # Asked for as a client asks, so that the loader's memory of the client's request answers.
    description = _loader().load_service_model(service, "service-2", api_version=None)
    return ServiceModel(description, service)


@functools.cache
def partition_of(region: str) -> str:
    """The ARN partition a region belongs to (``aws`` for a region no partition names),
    as botocore's endpoint rules find it."""
    partitions = RuleSetStandardLibrary(_loader().load_data("partitions"))
    return str(partitions.aws_partition(region)["name"])


@functools.cache
def known_regions() -> frozenset[str]:
    """Every Region of every partition botocore's endpoint data names."""
    regions: set[str] = set()
    for data in ("endpoints", "partitions"):
        try:
            partitions = _loader().load_data(data)["partitions"]
        except (DataNotFoundError, KeyError):
            continue
        for partition in partitions:
            regions.update(partition.get("regions", {}))
    return frozenset(regions)
