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

Everything else goes through moto's public face: its S3 and IAM APIs, called
with botocore like any client (see ``MotoWorld``), the documented
``x-moto-account-id`` header and the ``MOTO_ACCOUNT_ID`` variable.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from bedrock_jobs_mock.doors import botocore_hook

#: What this module reads of moto beyond its public API: (module, attribute) pairs.
MOTO_INTERNALS = (
    ("moto.core.models", "botocore_stubber"),
    ("moto.iam.models", "iam_backends"),
)

_FILTER_MARK = "_bedrock_jobs_mock_skips_answered"


def _stubber() -> Any | None:
    """moto's ``before-send`` handler, when the user has imported moto."""
    models = sys.modules.get("moto.core.models")
    return getattr(models, "botocore_stubber", None) if models is not None else None


def leave_answered_requests_alone(answered: Callable[[Any], bool]) -> None:
    """Make moto's handler skip every request for which ``answered(request)`` is true.

    Installed once per process on moto's handler (its ``process_request``,
    which both of moto's ways in call); a no-op until the user imports moto.
    """
    stubber = _stubber()
    if stubber is None or getattr(stubber, _FILTER_MARK, False):
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
    stubber = _stubber()
    return bool(getattr(stubber, "enabled", False))


def answers_unserved_calls() -> bool:
    """The botocore hook's neighbour: whether moto answers now the calls this mock does
    not serve. Asked before every request, it first makes sure (once moto is imported)
    that moto's handler leaves alone the requests the hook answers."""
    leave_answered_requests_alone(botocore_hook.answered)
    return moto_is_active()
