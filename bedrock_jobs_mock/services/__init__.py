"""The mocked services; importing this package registers every operation handler."""

from bedrock_jobs_mock.services import bedrock, lookoutequipment

__all__ = ["bedrock", "lookoutequipment"]
