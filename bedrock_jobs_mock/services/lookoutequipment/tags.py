"""Tags of datasets and models: Tag/UntagResource, ListTagsForResource and the tag limit."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Callable

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import ServiceError, not_found, quota_exceeded
from bedrock_jobs_mock.engine.tagging import tags_from_list, tags_to_list
from bedrock_jobs_mock.services.lookoutequipment.records import Dataset, Model


def _within_quota(change: Callable[[], None]) -> None:
    """Make ``change`` to a resource's tags. Lookout for Equipment has no
    TooManyTagsException: its tag limit is a service quota."""
    try:
        change()
    except ServiceError as error:
        if error.code != "TooManyTagsException":
            raise
        raise quota_exceeded(error.message) from None


def _request_tags(params: JsonDict) -> dict[str, str]:
    """The ``Tags`` of a request as a dict."""
    return tags_from_list(params.get("Tags", []), key="Key", value="Value")


def _add_tags(state: RegionState, arn: str, tags: Mapping[str, str]) -> None:
    _within_quota(lambda: state.tags.add(arn, tags))


def tagged(state: RegionState, arn: str, params: JsonDict) -> _Tagged:
    """Around the change that creates or updates ``arn`` (given to it): the request's
    ``Tags`` are refused before it when they would take ``arn`` past the limit (so
    nothing changes), and added after it."""
    return _Tagged(state, arn, params)


class _Tagged:
    """:func:`tagged`'s context. A class, not a ``contextmanager`` generator: every create
    of a dataset or model goes through it, and a class costs a fraction of the calls."""

    def __init__(self, state: RegionState, arn: str, params: JsonDict) -> None:
        self._state, self._arn, self._tags = state, arn, _request_tags(params)

    def __enter__(self) -> str:
        _within_quota(lambda: self._state.tags.check_room(self._arn, self._tags))
        return self._arn

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            _add_tags(self._state, self._arn, self._tags)


def _taggable(context: RequestContext, arn: str) -> str:
    state = context.state
    if state.table(Dataset).by_arn(arn) is None and state.table(Model).by_arn(arn) is None:
        raise not_found(f"The specified resource ARN '{arn}' could not be found.")
    return arn


@serves("lookoutequipment", "TagResource")
def tag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    _add_tags(context.state, _taggable(context, params["ResourceArn"]), _request_tags(params))
    return {}


@serves("lookoutequipment", "UntagResource")
def untag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    context.state.tags.remove(_taggable(context, params["ResourceArn"]), params["TagKeys"])
    return {}


@serves("lookoutequipment", "ListTagsForResource")
def list_tags_for_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    arn = _taggable(context, params["ResourceArn"])
    return {"Tags": tags_to_list(context.state.tags.get(arn), key="Key", value="Value")}
