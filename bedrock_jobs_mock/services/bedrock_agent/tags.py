"""TagResource, UntagResource and ListTagsForResource of Agents for Bedrock, on the
knowledge bases the mock holds.

The model's resource-ARN pattern (TaggableResourcesArn) has a typo (``/d{12}`` for the
account) that no real knowledge-base ARN matches; the service accepts them, and so does
the mock (``__init__`` recognises knowledge-base ARNs). Tags of other resources of the
service (agents, flows) are not held: beside moto, these three operations are the mock's,
and an ARN it does not hold is not found (docs/user-guide.md).
"""

from __future__ import annotations

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import not_found
from bedrock_jobs_mock.engine.tagging import check_tag_keys, check_tag_room
from bedrock_jobs_mock.services.bedrock_agent.configuration import SERVICE
from bedrock_jobs_mock.services.bedrock_agent.knowledge_bases import KnowledgeBase


def _knowledge_base_arn(context: RequestContext, arn: str) -> str:
    if context.state.table(KnowledgeBase).by_arn(arn) is None:
        raise not_found(f"The specified resource ARN '{arn}' could not be found.")
    return arn


@serves(SERVICE, "TagResource")
def tag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """TagResource: adds or replaces tags, at most 50 on the resource in all
    (``ServiceQuotaExceededException`` beyond, the error the operation declares)."""
    arn = _knowledge_base_arn(context, params["resourceArn"])
    check_tag_keys(params, "tags")
    check_tag_room(context.state.tags, arn, params["tags"], "ServiceQuotaExceededException")
    context.state.tags.add(arn, params["tags"])
    return {}


@serves(SERVICE, "UntagResource")
def untag_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """UntagResource: removes the keys given; a key the resource lacks is ignored."""
    arn = _knowledge_base_arn(context, params["resourceArn"])
    context.state.tags.remove(arn, params["tagKeys"])
    return {}


@serves(SERVICE, "ListTagsForResource")
def list_tags_for_resource(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListTagsForResource: the resource's tags."""
    arn = _knowledge_base_arn(context, params["resourceArn"])
    return {"tags": context.state.tags.get(arn)}
