"""Living beside moto's ``mock_aws``: the one module that touches moto.

Nothing here imports moto: it reads the modules the user's own import of moto
put in ``sys.modules``, so moto stays an optional dependency. Two of moto's
internals are unavoidable, and are named in :data:`MOTO_INTERNALS` so that
``tests/test_moto_contract.py`` fails loudly when a moto release changes them:

- ``moto.core.models.botocore_stubber``, the ``before-send`` handler that
  ``mock_aws`` enables. botocore calls every ``before-send`` handler, even
  after one has answered, so moto's would run (or raise ``NotImplementedError``)
  on the requests this mock answers. Its ``enabled`` flag tells whether moto
  is active, and its ``process_request`` is wrapped once to leave alone the
  requests this mock has answered. moto's public configuration cannot say
  this: its passthrough lists match URLs, not operations, and would send the
  request to the network whenever this mock does not answer it.
- ``moto.iam.models.iam_backends``, where moto keeps the access keys it
  issued (STS ``AssumeRole`` among them) in the account they belong to. moto
  has no public lookup that tells a key it issued from an unknown one.

Everything else goes through moto's public face: its S3, IAM and EventBridge
APIs, called with botocore like any client (see ``MotoWorld``), the documented
``x-moto-account-id`` header and the ``MOTO_ACCOUNT_ID`` variable.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Callable

import botocore.session
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from bedrock_jobs_mock.engine.identifiers import is_account_id
from bedrock_jobs_mock.engine.world import StoredObject

#: What this module reads of moto beyond its public API: (module, attribute) pairs.
MOTO_INTERNALS = (
    ("moto.core.models", "botocore_stubber"),
    ("moto.iam.models", "iam_backends"),
)

#: moto's default-account variable, honoured while moto is active unless the mock's is given.
MOTO_ACCOUNT_ENV = "MOTO_ACCOUNT_ID"
#: The header moto reads a request's account from (documented: "Multi-Account support").
MOTO_ACCOUNT_HEADER = "x-moto-account-id"

_FILTER_MARK = "_bedrock_jobs_mock_skips_answered"
#: The status of the stand-in answer when moto did not answer a world's own request.
_UNANSWERED = 599
#: How much of an S3 object one chunk of ``read_object`` holds.
_CHUNK_BYTES = 1 << 20


def _stubber() -> Any | None:
    """moto's ``before-send`` handler, when the user has imported moto."""
    models = sys.modules.get("moto.core.models")
    return getattr(models, "botocore_stubber", None) if models is not None else None


def _leave_answered_requests_alone(stubber: Any, answered: Callable[[Any], bool]) -> None:
    """Make moto's handler ``stubber`` skip every request for which ``answered(request)``
    is true: installed once per process on its ``process_request``, which both of
    moto's ways in call."""
    if getattr(stubber, _FILTER_MARK, False):
        return
    moto_process_request = stubber.process_request

    def process_request(request: Any) -> Any:
        if answered(request):
            return None
        return moto_process_request(request)

    stubber.process_request = process_request
    setattr(stubber, _FILTER_MARK, True)


def moto_is_active() -> bool:
    """Whether a moto ``mock_aws`` is active in this process now."""
    return _enabled(_stubber())


def _enabled(stubber: Any | None) -> bool:
    """Whether moto's handler ``stubber`` (None: moto not imported) answers requests now."""
    return bool(getattr(stubber, "enabled", False))


def answers_unserved_calls(answered: Callable[[Any], bool]) -> bool:
    """The botocore hook's neighbour: whether moto answers now the calls this mock does
    not serve. Asked before every request, it first makes sure (once moto is imported)
    that moto's handler leaves alone the requests the hook answers, those for which
    ``answered(request)`` is true (``mock.py`` binds it to the hook's own ``answered``)."""
    stubber = _stubber()  # looked up once: this runs on every request
    if stubber is None:  # moto not imported
        return False
    _leave_answered_requests_alone(stubber, answered)
    return _enabled(stubber)


class MotoWorld:
    """The AWS around the mock as moto's active ``mock_aws`` holds it: its default
    account, the accounts of the keys its STS issued, its IAM roles, its S3 and its
    EventBridge buses.

    It asks only while moto is active, and asks S3 and IAM through their APIs,
    with botocore clients of its own that moto answers; a request moto leaves
    unanswered gets a stand-in answer, never the network, and counts as
    "cannot tell" (None).
    """

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str, str], Any] = {}

    def default_account(self) -> str | None:
        if not moto_is_active():  # asked on every request: the environment only when needed
            return None
        account = os.environ.get(MOTO_ACCOUNT_ENV)
        return account if account is not None and is_account_id(account) else None

    def account_of_key(self, access_key: str) -> str | None:
        iam_models = sys.modules.get("moto.iam.models")
        if iam_models is None or not moto_is_active():
            return None
        for account, backends in list(iam_models.iam_backends.items()):
            for backend in list(backends.values()):
                if access_key in backend.access_keys:
                    return str(account)
        return None

    def role_exists(self, role_arn: str) -> bool | None:
        parts = role_arn.split(":", 5)
        if len(parts) < 6 or not parts[5].startswith("role/"):
            return None
        account, role_name = parts[4], parts[5].rsplit("/", 1)[-1]
        iam = self._client("iam", account)
        if iam is None:
            return None
        try:
            return bool(iam.get_role(RoleName=role_name)["Role"]["Arn"] == role_arn)
        except ClientError as error:
            if _code(error) != "NoSuchEntity":
                return None
        except BotoCoreError:  # a name botocore itself refuses (``role/x/``): cannot tell
            return None
        try:
            return False if iam.list_roles(MaxItems=1)["Roles"] else None
        except (ClientError, BotoCoreError):
            return None

    def bucket_exists(self, account: str, bucket: str) -> bool | None:
        return self._exists("s3", account, "head_bucket", Bucket=bucket)

    def object_exists(self, account: str, bucket: str, key: str) -> bool | None:
        if not key:  # ``s3://bucket/`` names no object
            return False
        return self._exists("s3", account, "head_object", Bucket=bucket, Key=key)

    def has_objects(self, account: str, bucket: str, prefix: str) -> bool | None:
        s3 = self._client("s3", account)
        if s3 is None:
            return None
        try:
            return bool(s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1)["KeyCount"])
        except ClientError as error:
            return False if _code(error) == "NoSuchBucket" else None
        except BotoCoreError:
            return None

    def list_objects(self, account: str, bucket: str, prefix: str) -> list[StoredObject] | None:
        s3 = self._client("s3", account)
        if s3 is None:
            return None
        found: list[StoredObject] = []
        try:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                found += (
                    StoredObject(entry["Key"], int(entry["Size"]), str(entry["ETag"]))
                    for entry in page.get("Contents", ())
                )
        except ClientError as error:
            return [] if _code(error) == "NoSuchBucket" else None
        except BotoCoreError:
            return None
        return found

    def read_object(self, account: str, bucket: str, key: str) -> Iterator[bytes] | None:
        s3 = self._client("s3", account)
        if s3 is None or not key:
            return None
        try:
            body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        except (ClientError, BotoCoreError):
            return None
        chunks: Iterator[bytes] = iter(body.iter_chunks(_CHUNK_BYTES))
        return chunks

    def put_object(self, account: str, bucket: str, key: str, body: bytes | bytearray) -> None:
        s3 = self._client("s3", account)
        if s3 is not None:
            # Where moto does not take it, there is nowhere else to write it.
            with contextlib.suppress(ClientError, BotoCoreError):
                s3.put_object(Bucket=bucket, Key=key, Body=body)

    def put_event(
        self,
        account: str,
        region: str,
        *,
        source: str,
        detail_type: str,
        detail: Mapping[str, Any],
        resources: Sequence[str],
        time: datetime,
    ) -> None:
        events = self._client("events", account, region)
        if events is None:
            return
        entry = {
            "Source": source,
            "DetailType": detail_type,
            "Detail": json.dumps(detail, default=str),
            "Resources": list(resources),
            "Time": time,
        }
        # A bus moto does not keep takes nothing. What moto itself raises (its EventBridge
        # without the ``moto[events]`` extra's jsonpath-ng) reaches the test.
        with contextlib.suppress(ClientError, BotoCoreError):
            events.put_events(Entries=[entry])

    def _exists(self, service: str, account: str, operation: str, **params: str) -> bool | None:
        client = self._client(service, account)
        if client is None:
            return None
        try:
            getattr(client, operation)(**params)
            return True
        except ClientError as error:
            return False if _status(error) == 404 else None
        except BotoCoreError:  # parameters botocore itself refuses: cannot tell
            return None

    def _client(self, service: str, account: str, region: str = "us-east-1") -> Any | None:
        """A client of ``service`` in ``region`` whose requests moto serves as ``account``
        (None while moto is not active)."""
        if not moto_is_active():
            return None
        client = self._clients.get((service, account, region))
        if client is None:
            client = _session().create_client(
                service,
                region_name=region,
                aws_access_key_id="BEDROCKJOBSMOCKWORLD",
                aws_secret_access_key="bedrock-jobs-mock-world",
                config=Config(retries={"mode": "standard", "max_attempts": 1}),
            )
            events = client.meta.events
            events.register("before-sign", functools.partial(_name_account, account))
            events.register_last("before-send", _stand_in_answer)
            self._clients[(service, account, region)] = client
        return client


@functools.cache
def _session() -> botocore.session.Session:
    """One botocore session for every world's clients: the service models it loads (S3's,
    IAM's, EventBridge's) are loaded once per process, not once per mock."""
    return botocore.session.Session()


def _name_account(account: str, request: AWSRequest, **_: Any) -> None:
    request.headers[MOTO_ACCOUNT_HEADER] = account


def _stand_in_answer(request: Any, **_: Any) -> AWSResponse:
    """Asked after moto: its answer, when it gave one, comes first and wins."""
    return AWSResponse(request.url, _UNANSWERED, {}, _EmptyBody())


class _EmptyBody:
    def stream(self, **_: Any) -> Any:
        return iter(())

    def read(self, *_: Any) -> bytes:
        return b""


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
