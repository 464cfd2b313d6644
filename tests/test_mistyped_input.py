"""A member of the wrong JSON type is refused before any constraint, as the services word it."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, import_job_request
from tests.lookout_helpers import lookout_client


@pytest.mark.parametrize(
    ("value", "found"),
    [(True, "Boolean"), ("3", "String"), (1.5, "Double"), ([3], None), ({"n": 3}, None)],
)
def test_a_number_of_another_type_is_a_serializationexception(
    bedrock_jobs: Any, value: Any, found: str | None
) -> None:
    lookout = lookout_client(validate=False)
    with pytest.raises(ClientError) as excinfo:
        lookout.list_models(MaxResults=value)
    if found is None:
        where = "list" if isinstance(value, list) else "structure or map"
        message = f"Start of {where} found where not expected."
    else:
        message = f"class java.lang.{found} can not be converted to an Integer"
    assert error_of(excinfo) == ("SerializationException", message, 400)


def test_a_string_of_another_type_is_a_serializationexception(bedrock_jobs: Any) -> None:
    lookout = lookout_client(validate=False)
    with pytest.raises(ClientError) as excinfo:
        lookout.list_models(ModelNameBeginsWith=7)
    assert error_of(excinfo) == (
        "SerializationException",
        "class java.lang.Integer can not be converted to an String",
        400,
    )


def test_a_mistyped_body_member_of_a_rest_json_request_is_refused(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name=False))
    assert error_of(excinfo) == (
        "SerializationException",
        "class java.lang.Boolean can not be converted to an String",
        400,
    )


def test_members_of_their_own_types_are_taken_as_they_are(bedrock_jobs: Any) -> None:
    lookout = lookout_client(validate=False)
    lookout.create_dataset(DatasetName="pump-data")
    lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    listed = lookout.list_models(MaxResults=5, ModelNameBeginsWith="pump")["ModelSummaries"]
    assert [summary["ModelName"] for summary in listed] == ["pump-model"]
