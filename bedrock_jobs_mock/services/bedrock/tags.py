"""TagResource, UntagResource and ListTagsForResource for every Bedrock resource the mock holds."""

from __future__ import annotations

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import not_found
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list, tags_to_list


def _require_resource(context: RequestContext, arn: str) -> str:
    if context.state.find_by_arn(arn) is None:
        raise not_found(f"The specified resource ARN '{arn}' could not be found.")
    return arn


@serves("bedrock", "TagResource")
def tag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """TagResource: adds or replaces tags, at most 50 on the resource in all."""
    arn = _require_resource(context, params["resourceARN"])
    check_tag_keys(params, "tags")
    context.state.tags.add(arn, tags_from_list(params["tags"]))
    return {}


@serves("bedrock", "UntagResource")
def untag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """UntagResource: removes the keys given; a key the resource lacks is ignored."""
    arn = _require_resource(context, params["resourceARN"])
    context.state.tags.remove(arn, params["tagKeys"])
    return {}


@serves("bedrock", "ListTagsForResource")
def list_tags_for_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListTagsForResource: the resource's tags in the order they were first set."""
    arn = _require_resource(context, params["resourceARN"])
    return {"tags": tags_to_list(context.state.tags.get(arn))}
