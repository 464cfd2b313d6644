"""What ``bedrock_jobs_mock/integrations/moto.py`` reads of moto's internals still exists.

When a moto release moves or renames one of these, this file fails first and
says which; the behaviour tests beside it would only fail obscurely.
"""

from __future__ import annotations

import importlib

import boto3
import botocore.handlers
import pytest

from bedrock_jobs_mock.integrations.moto import MOTO_INTERNALS

moto = pytest.importorskip("moto")


@pytest.mark.parametrize(("module", "attribute"), MOTO_INTERNALS)
def test_each_internal_still_exists(module: str, attribute: str) -> None:
    assert hasattr(importlib.import_module(module), attribute), (
        f"moto {moto.__version__} has no {module}.{attribute}: "
        "bedrock_jobs_mock/integrations/moto.py must follow moto's change"
    )


def test_moto_answers_through_a_before_send_handler_with_an_enabled_flag() -> None:
    from moto.core.models import botocore_stubber

    assert ("before-send", botocore_stubber) in botocore.handlers.BUILTIN_HANDLERS
    assert callable(botocore_stubber.process_request)
    assert botocore_stubber.enabled is False
    with moto.mock_aws():
        assert botocore_stubber.enabled is True
    assert botocore_stubber.enabled is False


def test_moto_keeps_assumed_role_keys_in_the_iam_backend_of_their_account() -> None:
    from moto.iam.models import iam_backends

    with moto.mock_aws():
        credentials = boto3.client("sts", region_name="us-east-1").assume_role(
            RoleArn="arn:aws:iam::222222222222:role/worker", RoleSessionName="session"
        )["Credentials"]
        holders = [
            account
            for account, backends in list(iam_backends.items())
            for backend in list(backends.values())
            if credentials["AccessKeyId"] in backend.access_keys
        ]
    assert holders == ["222222222222"]
