"""Resource policies of models and model versions, and how the mock evaluates them.

Only what ImportModelVersion needs is evaluated: a statement applies to a
caller when its ``Principal`` names the caller's account (``"*"``, the account
id, or ``arn:{partition}:iam::{account}:root``) and one of its ``Action``
patterns matches the action (``*`` and ``?`` wildcards, case-insensitive).
``Resource`` and ``Condition`` are not evaluated: a policy applies to the
resource it is attached to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bedrock_jobs_mock.errors import ServiceError, access_denied, validation_error

IMPORT_ACTION = "lookoutequipment:ImportModelVersion"
ALLOW, DENY = "Allow", "Deny"

_ROOT_PRINCIPAL = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):root")


@dataclass(frozen=True)
class Statement:
    """One statement of a policy, reduced to what the mock evaluates."""

    effect: str
    principals: tuple[str, ...]
    actions: tuple[str, ...]

    def applies(self, action: str, account: str) -> bool:
        return any(_names_account(p, account) for p in self.principals) and any(
            _action_matches(pattern, action) for pattern in self.actions
        )


@dataclass
class ResourcePolicy:
    """The policy attached to a model or a model version."""

    text: str
    statements: tuple[Statement, ...]
    revision_id: str
    creation_time: datetime
    last_modified_time: datetime

    def decision(self, action: str, account: str) -> str | None:
        """``DENY`` if any applicable statement denies, else ``ALLOW`` if one allows, else None."""
        effects = {s.effect for s in self.statements if s.applies(action, account)}
        if DENY in effects:
            return DENY
        return ALLOW if ALLOW in effects else None


def _names_account(principal: str, account: str) -> bool:
    if principal in ("*", account):
        return True
    root = _ROOT_PRINCIPAL.fullmatch(principal)
    return root is not None and root.group(1) == account


def _action_matches(pattern: str, action: str) -> bool:
    regex = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.fullmatch(regex, action, re.IGNORECASE) is not None


def _invalid(reason: str) -> ServiceError:
    return validation_error(f"The resource policy is not a valid policy document: {reason}.")


def _strings(value: Any, member: str) -> tuple[str, ...]:
    """A policy member that holds a string or a list of strings."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise _invalid(f"{member} must be a string or a non-empty list of strings")


def _principals(value: Any) -> tuple[str, ...]:
    if value == "*":
        return ("*",)
    if not isinstance(value, dict) or not value:
        raise _invalid('every Statement needs a Principal, "*" or an object such as {"AWS": ...}')
    # Only AWS principals can name an account; other kinds (Service, ...) name no caller.
    return _strings(value["AWS"], "Principal.AWS") if "AWS" in value else ()


def _statement(raw: Any) -> Statement:
    if not isinstance(raw, dict):
        raise _invalid("every Statement must be an object")
    if raw.get("Effect") not in (ALLOW, DENY):
        raise _invalid("every Statement needs an Effect of Allow or Deny")
    if "Action" not in raw:
        raise _invalid("every Statement needs an Action")
    return Statement(
        raw["Effect"], _principals(raw.get("Principal")), _strings(raw["Action"], "Action")
    )


def parse_policy(text: str) -> tuple[Statement, ...]:
    """The statements of a policy document; ``ValidationException`` if it is not one."""
    try:
        document = json.loads(text)
    except ValueError:
        raise _invalid("it is not valid JSON") from None
    if not isinstance(document, dict):
        raise _invalid("it must be a JSON object")
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise _invalid("it needs a Statement")
    return tuple(_statement(raw) for raw in statements)


def authorize_import(
    account: str,
    partition: str,
    policies: Sequence[ResourcePolicy | None],
    resource_arn: str,
) -> None:
    """Let ``account`` import ``resource_arn`` only if the attached policies allow it.

    ``policies`` are the model's and the version's (None where there is none).
    The more restrictive applies: a Deny in either refuses, and every policy
    present must allow. No policy at all refuses.
    """
    decisions = [policy.decision(IMPORT_ACTION, account) for policy in policies if policy]
    caller = f"User: arn:{partition}:iam::{account}:root is not authorized to perform: "
    refused = f"{caller}{IMPORT_ACTION} on resource: {resource_arn}"
    if DENY in decisions:
        raise access_denied(f"{refused} with an explicit deny in a resource-based policy")
    if not decisions or any(decision != ALLOW for decision in decisions):
        raise access_denied(
            f"{refused} because no resource-based policy allows the {IMPORT_ACTION} action"
        )
