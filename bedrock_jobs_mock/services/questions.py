"""What one mocked service asks another about the state it holds (``engine.questions``).

Bedrock's evaluation jobs ask bedrock-agent about knowledge bases; bedrock-agent answers
when its package is imported. Neither service imports the other for it (bedrock-agent
reads Bedrock's model catalogue, which is data, not state: ``bedrock_agent.configuration``).
"""

from __future__ import annotations

from typing import NamedTuple

from bedrock_jobs_mock.engine.questions import Question


class KnowledgeBaseView(NamedTuple):
    """What another service may know of a knowledge base."""

    #: Its ``KnowledgeBaseStatus``.
    status: str
    #: Whether it answers queries now (``ACTIVE``).
    active: bool


#: The knowledge base with that id in the account and Region, None where none is held.
KNOWLEDGE_BASE_LOOKUP: Question[str, KnowledgeBaseView | None] = Question(
    "bedrock-agent", "a knowledge base"
)
