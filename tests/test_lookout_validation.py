"""Every constraint botocore's model puts on ImportModelVersion's input, checked by the mock
(the server) in AWS's wording. The client skips its own checks so the server's answer shows."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.model import Shape

from tests.factories import error_of
from tests.lookout_helpers import START
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

_INPUT = (
    botocore.session.get_session()
    .get_service_model("lookoutequipment")
    .operation_model("ImportModelVersion")
    .input_shape
)


def _shape(path: str) -> Shape:
    """The shape of the input member at ``path`` (``Tags.member.Key``: a list's member)."""
    shape = _INPUT
    for name in path.split("."):
        shape = shape.member if name == "member" else shape.members[name]
    return shape


def _pattern(path: str) -> str:
    """The pattern botocore's model gives the member at ``path``, as the message quotes it."""
    return str(_shape(path).metadata["pattern"])


VERSION_ARN_PATTERN = _pattern("SourceModelVersionArn")
MODEL_NAME_PATTERN = _pattern("ModelName")
DATASET_NAME_PATTERN = _pattern("DatasetName")
LABEL_GROUP_PATTERN = _pattern("LabelsInputConfiguration.LabelGroupName")
BUCKET_PATTERN = _pattern("LabelsInputConfiguration.S3InputConfiguration.Bucket")
PREFIX_PATTERN = _pattern("LabelsInputConfiguration.S3InputConfiguration.Prefix")
TOKEN_PATTERN = _pattern("ClientToken")
ROLE_PATTERN = _pattern("RoleArn")
KMS_PATTERN = _pattern("ServerSideKmsKeyId")
TAG_KEY_PATTERN = _pattern("Tags.member.Key")
TAG_VALUE_PATTERN = _pattern("Tags.member.Value")
STRATEGIES = ", ".join(_shape("InferenceDataImportStrategy").enum)

SOURCE = "arn:aws:lookoutequipment:us-east-1:111111111111:model/pump-model/abc/model-version/1"
VALID = {"SourceModelVersionArn": SOURCE, "DatasetName": "pump-data", "ClientToken": "token-1"}
LABELS = "LabelsInputConfiguration"
BUCKET = f"{LABELS}.S3InputConfiguration.Bucket"
PREFIX = f"{LABELS}.S3InputConfiguration.Prefix"
LONG_ARN = SOURCE.replace("/abc/", "/" + "u" * 2000 + "/")
LONG_ROLE = "arn:aws:iam::123456789012:role/" + "r" * 2020
MANY_TAGS = [{"Key": f"k{index}", "Value": "v"} for index in range(201)]
NULL = "Member must not be null"


def pattern(regex: str) -> str:
    return f"Member must satisfy regular expression pattern: {regex}"


def at_least(size: int) -> str:
    return f"Member must have length greater than or equal to {size}"


def at_most(size: int) -> str:
    return f"Member must have length less than or equal to {size}"


def labels(s3: dict[str, str] | None = None, **members: str) -> dict[str, Any]:
    return {LABELS: {**members, **({"S3InputConfiguration": s3} if s3 is not None else {})}}


def tag(**members: str) -> dict[str, Any]:
    return {"Tags": [members]}


#: (id, members replacing VALID's (None: left out), [(path, value, constraint), ...]).
CASES: list[tuple[str, dict[str, Any], list[tuple[str, Any, str]]]] = [
    ("arn-missing", {"SourceModelVersionArn": None}, [("SourceModelVersionArn", None, NULL)]),
    (
        "arn-short",
        {"SourceModelVersionArn": "arn:aws:x"},
        [
            ("SourceModelVersionArn", "arn:aws:x", at_least(20)),
            ("SourceModelVersionArn", "arn:aws:x", pattern(VERSION_ARN_PATTERN)),
        ],
    ),
    (
        "arn-long",
        {"SourceModelVersionArn": LONG_ARN},
        [("SourceModelVersionArn", LONG_ARN, at_most(2048))],
    ),
    (
        "arn-of-a-dataset",
        {"SourceModelVersionArn": SOURCE.replace("model/pump-model", "dataset/pump-data")},
        [
            (
                "SourceModelVersionArn",
                SOURCE.replace("model/pump-model", "dataset/pump-data"),
                pattern(VERSION_ARN_PATTERN),
            )
        ],
    ),
    (
        "model-name-empty",
        {"ModelName": ""},
        [("ModelName", "", at_least(1)), ("ModelName", "", pattern(MODEL_NAME_PATTERN))],
    ),
    (
        "model-name-long",
        {"ModelName": "m" * 201},
        [
            ("ModelName", "m" * 201, at_most(200)),
            ("ModelName", "m" * 201, pattern(MODEL_NAME_PATTERN)),
        ],
    ),
    (
        "model-name-chars",
        {"ModelName": "pump model"},
        [("ModelName", "pump model", pattern(MODEL_NAME_PATTERN))],
    ),
    ("dataset-missing", {"DatasetName": None}, [("DatasetName", None, NULL)]),
    (
        "dataset-empty",
        {"DatasetName": ""},
        [("DatasetName", "", at_least(1)), ("DatasetName", "", pattern(DATASET_NAME_PATTERN))],
    ),
    (
        "dataset-long",
        {"DatasetName": "d" * 201},
        [
            ("DatasetName", "d" * 201, at_most(200)),
            ("DatasetName", "d" * 201, pattern(DATASET_NAME_PATTERN)),
        ],
    ),
    (
        "dataset-chars",
        {"DatasetName": "pump.data"},
        [("DatasetName", "pump.data", pattern(DATASET_NAME_PATTERN))],
    ),
    ("bucket-missing", labels({"Prefix": "labels/"}), [(BUCKET, None, NULL)]),
    (
        "bucket-short",
        labels({"Bucket": "ab"}),
        [(BUCKET, "ab", at_least(3)), (BUCKET, "ab", pattern(BUCKET_PATTERN))],
    ),
    (
        "bucket-long",
        labels({"Bucket": "b" * 64}),
        [(BUCKET, "b" * 64, at_most(63)), (BUCKET, "b" * 64, pattern(BUCKET_PATTERN))],
    ),
    (
        "bucket-chars",
        labels({"Bucket": "Pump_Labels"}),
        [(BUCKET, "Pump_Labels", pattern(BUCKET_PATTERN))],
    ),
    (
        "prefix-long",
        labels({"Bucket": "pump-labels", "Prefix": "p" * 1024 + "/"}),
        [
            (PREFIX, "p" * 1024 + "/", at_most(1024)),
            (PREFIX, "p" * 1024 + "/", pattern(PREFIX_PATTERN)),
        ],
    ),
    (
        "prefix-without-slash",
        labels({"Bucket": "pump-labels", "Prefix": "labels"}),
        [(PREFIX, "labels", pattern(PREFIX_PATTERN))],
    ),
    (
        "label-group-empty",
        labels(LabelGroupName=""),
        [
            (f"{LABELS}.LabelGroupName", "", at_least(1)),
            (f"{LABELS}.LabelGroupName", "", pattern(LABEL_GROUP_PATTERN)),
        ],
    ),
    (
        "label-group-long",
        labels(LabelGroupName="g" * 201),
        [
            (f"{LABELS}.LabelGroupName", "g" * 201, at_most(200)),
            (f"{LABELS}.LabelGroupName", "g" * 201, pattern(LABEL_GROUP_PATTERN)),
        ],
    ),
    (
        "label-group-chars",
        labels(LabelGroupName="pump labels"),
        [(f"{LABELS}.LabelGroupName", "pump labels", pattern(LABEL_GROUP_PATTERN))],
    ),
    (
        "token-empty",
        {"ClientToken": ""},
        [("ClientToken", "", at_least(1)), ("ClientToken", "", pattern(TOKEN_PATTERN))],
    ),
    (
        "token-long",
        {"ClientToken": "t" * 257},
        [
            ("ClientToken", "t" * 257, at_most(256)),
            ("ClientToken", "t" * 257, pattern(TOKEN_PATTERN)),
        ],
    ),
    (
        "token-not-ascii",
        {"ClientToken": "tökén"},
        [("ClientToken", "tökén", pattern(TOKEN_PATTERN))],
    ),
    (
        "role-short",
        {"RoleArn": "arn:aws:iam::1:role"},
        [
            ("RoleArn", "arn:aws:iam::1:role", at_least(20)),
            ("RoleArn", "arn:aws:iam::1:role", pattern(ROLE_PATTERN)),
        ],
    ),
    ("role-long", {"RoleArn": LONG_ROLE}, [("RoleArn", LONG_ROLE, at_most(2048))]),
    (
        "role-of-a-user",
        {"RoleArn": "arn:aws:iam::123456789012:user/importer"},
        [("RoleArn", "arn:aws:iam::123456789012:user/importer", pattern(ROLE_PATTERN))],
    ),
    (
        "kms-empty",
        {"ServerSideKmsKeyId": ""},
        [
            ("ServerSideKmsKeyId", "", at_least(1)),
            ("ServerSideKmsKeyId", "", pattern(KMS_PATTERN)),
        ],
    ),
    (
        "kms-long",
        {"ServerSideKmsKeyId": "k" * 2049},
        [("ServerSideKmsKeyId", "k" * 2049, at_most(2048))],
    ),
    (
        "kms-chars",
        {"ServerSideKmsKeyId": "-key"},
        [("ServerSideKmsKeyId", "-key", pattern(KMS_PATTERN))],
    ),
    (
        "tags-too-many",
        {"Tags": MANY_TAGS},
        [
            (
                "Tags",
                "[" + ", ".join(f"{{Key={t['Key']}, Value=v}}" for t in MANY_TAGS) + "]",
                at_most(200),
            )
        ],
    ),
    ("tag-key-missing", tag(Value="v"), [("Tags.1.member.Key", None, NULL)]),
    (
        "tag-key-empty",
        tag(Key="", Value="v"),
        [
            ("Tags.1.member.Key", "", at_least(1)),
            ("Tags.1.member.Key", "", pattern(TAG_KEY_PATTERN)),
        ],
    ),
    (
        "tag-key-long",
        tag(Key="k" * 129, Value="v"),
        [("Tags.1.member.Key", "k" * 129, at_most(128))],
    ),
    (
        "tag-key-reserved",
        tag(Key="aws:owner", Value="v"),
        [("Tags.1.member.Key", "aws:owner", pattern(TAG_KEY_PATTERN))],
    ),
    ("tag-value-missing", tag(Key="k"), [("Tags.1.member.Value", None, NULL)]),
    (
        "tag-value-long",
        tag(Key="k", Value="v" * 257),
        [("Tags.1.member.Value", "v" * 257, at_most(256))],
    ),
    (
        "tag-value-chars",
        tag(Key="k", Value="#1"),
        [("Tags.1.member.Value", "#1", pattern(TAG_VALUE_PATTERN))],
    ),
    (
        "strategy-unknown",
        {"InferenceDataImportStrategy": "SOMETIMES"},
        [
            (
                "InferenceDataImportStrategy",
                "SOMETIMES",
                f"Member must satisfy enum value set: [{STRATEGIES}]",
            )
        ],
    ),
    (
        "several-at-once",
        {"ModelName": "pump model", "DatasetName": ""},
        [
            ("ModelName", "pump model", pattern(MODEL_NAME_PATTERN)),
            ("DatasetName", "", at_least(1)),
            ("DatasetName", "", pattern(DATASET_NAME_PATTERN)),
        ],
    ),
]


def _expected_message(violations: list[tuple[str, Any, str]]) -> str:
    clauses = []
    for path, value, constraint in violations:
        # A value over 2,048 characters is echoed as its first 2,048 and "...".
        text = str(value) if len(str(value)) <= 2048 else f"{str(value)[:2048]}..."
        shown = "null" if value is None else f"'{text}'"
        clauses.append(f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}")
    noun = "error" if len(clauses) == 1 else "errors"
    return f"{len(clauses)} validation {noun} detected: " + "; ".join(clauses)


@pytest.mark.parametrize(
    ("replacing", "violations"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_import_model_version_input_is_validated_by_the_server(
    bedrock_jobs: Any, replacing: dict[str, Any], violations: list[tuple[str, Any, str]]
) -> None:
    request = {**VALID, **replacing}
    request = {member: value for member, value in request.items() if value is not None}
    client = make_client(validate=False)
    with pytest.raises(ClientError) as excinfo:
        client.import_model_version(**request)
    assert error_of(excinfo) == ("ValidationException", _expected_message(violations), 400)
