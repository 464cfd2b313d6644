"""The List* operations of Bedrock: the same filters, sort and paging for every resource."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext
from bedrock_jobs_mock.engine.paging import paginate
from bedrock_jobs_mock.engine.store import Ordered, R


def _status(resource: Any) -> str:
    """What a status filter compares unless told otherwise: the resource's ``status``."""
    return str(resource.status)


def list_resources(
    context: RequestContext,
    params: JsonDict,
    table: Ordered[R],
    *,
    result_key: str,
    describe: Callable[[R], dict[str, Any]],
    name_of: Callable[[R], str] = lambda resource: resource.name,
    name_filter: str = "nameContains",
    time_filters: tuple[str, str] = ("creationTimeAfter", "creationTimeBefore"),
    status_of: Callable[[R], str] = _status,
    status_filter: str = "statusEquals",
    extra_filter: Callable[[R], bool] = lambda _: True,
) -> JsonDict:
    """One page of ``table`` filtered by the request's creation-time, name and status filters.

    ``nameContains`` matches case-insensitively (decided: AWS does not say);
    ``creationTimeAfter``/``Before`` (or the list's own ``time_filters``, such as
    ``createdAfter``/``Before``) are exclusive. The status filter reads each
    resource's ``status`` unless ``status_of`` says otherwise. The default order is
    newest first.
    """
    after: datetime | None = params.get(time_filters[0])
    before: datetime | None = params.get(time_filters[1])
    name_part = params.get(name_filter)
    wanted_status = params.get(status_filter)

    def matches(resource: R) -> bool:
        return (
            (after is None or resource.creation_time > after)
            and (before is None or resource.creation_time < before)
            and (name_part is None or name_part.lower() in name_of(resource).lower())
            and (wanted_status is None or status_of(resource) == wanted_status)
            and extra_filter(resource)
        )

    page = paginate(
        table,
        context.token_codec(),
        matches=matches,
        max_results=params.get("maxResults"),
        next_token=params.get("nextToken"),
        descending=params.get("sortOrder", "Descending") == "Descending",
    )
    return {result_key: [describe(item) for item in page.items], "nextToken": page.next_token}
