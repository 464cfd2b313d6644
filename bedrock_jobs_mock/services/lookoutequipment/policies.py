"""Resource policies of models and model versions, and how the mock evaluates them.

Only what ImportModelVersion needs is evaluated. A statement applies to an
import when its ``Principal`` names the caller's account (``"*"``, the account
id, or ``arn:{partition}:iam::{account}:root``), one of its ``Action``
patterns matches the action (``*`` and ``?`` wildcards, case-insensitive) and
one of its ``Resource`` patterns matches the version being imported or the
resource the policy is attached to (``*`` and ``?`` wildcards,
case-sensitive; so a model's policy naming the model covers all its
versions). ``Condition`` is not evaluated: a statement applies as if its
conditions held.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bedrock_jobs_mock.engine import bounded_json
from bedrock_jobs_mock.engine.errors import ServiceError, access_denied, validation_error

IMPORT_ACTION = "lookoutequipment:ImportModelVersion"
ALLOW, DENY = "Allow", "Deny"

_ROOT_PRINCIPAL = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):root")


@dataclass(frozen=True)
class Statement:
    """One statement of a policy, reduced to what the mock evaluates."""

    effect: str
    principals: tuple[str, ...]
    actions: tuple[str, ...]
    resources: tuple[str, ...]

    def applies(self, action: str, account: str, resources: Sequence[str]) -> bool:
        """Whether it speaks of ``account`` doing ``action`` to any of ``resources``."""
        return (
            any(_names_account(principal, account) for principal in self.principals)
            and any(wildcard_match(pattern.lower(), action.lower()) for pattern in self.actions)
            and any(
                wildcard_match(pattern, resource)
                for pattern in self.resources
                for resource in resources
            )
        )


@dataclass
class ResourcePolicy:
    """The policy attached to a model or a model version."""

    text: str
    statements: tuple[Statement, ...]
    revision_id: str
    creation_time: datetime
    last_modified_time: datetime

    def decision(self, action: str, account: str, resources: Sequence[str]) -> str | None:
        """``DENY`` if any applicable statement denies, else ``ALLOW`` if one allows, else None."""
        effects = {s.effect for s in self.statements if s.applies(action, account, resources)}
        if DENY in effects:
            return DENY
        return ALLOW if ALLOW in effects else None


class HasPolicy(Protocol):
    """A model or a model version: what a policy can be attached to."""

    arn: str
    policy: ResourcePolicy | None


def _names_account(principal: str, account: str) -> bool:
    if principal in ("*", account):
        return True
    root = _ROOT_PRINCIPAL.fullmatch(principal)
    return root is not None and root.group(1) == account


def wildcard_match(pattern: str, value: str) -> bool:
    """Whether ``value`` fits ``pattern`` with IAM's wildcards (``*`` any run of
    characters, ``?`` any one).

    Each piece between stars is placed at its leftmost fit after the previous
    one; for wildcards that placement is never worse than a later one, so
    nothing is retried: at most ``len(pattern) * len(value)`` comparisons.
    """
    first, *middle = pattern.split("*")
    if not middle:
        return _piece(first).fullmatch(value) is not None
    last = middle.pop()
    end = len(value) - len(last)
    if end < len(first) or not (_piece(first).match(value) and _piece(last).match(value, end)):
        return False
    position = len(first)
    for piece in middle:
        found = _piece(piece).search(value, position, end)
        if found is None:
            return False
        position = found.end()
    return True


@functools.lru_cache(maxsize=1024)
def _piece(text: str) -> re.Pattern[str]:
    """A run of literal characters and ``?``: a regex with no repetition, so no backtracking."""
    return re.compile("".join("." if char == "?" else re.escape(char) for char in text), re.DOTALL)


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
    actions, principals = _strings(raw["Action"], "Action"), _principals(raw.get("Principal"))
    if "Resource" not in raw:
        raise _invalid("every Statement needs a Resource")
    return Statement(raw["Effect"], principals, actions, _strings(raw["Resource"], "Resource"))


def parse_policy(text: str) -> tuple[Statement, ...]:
    """The statements of a policy document; ``ValidationException`` if it is not one."""
    try:
        document = bounded_json.loads(text)
    except bounded_json.TooDeep as error:
        raise _invalid(str(error)) from None
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
    holders: Sequence[HasPolicy],
    resource_arn: str,
    *,
    same_account: bool,
) -> None:
    """Let ``account`` import the version ``resource_arn`` only if its policies allow it.

    ``holders`` are the version's model and the version itself; each statement is
    matched against ``resource_arn`` and the ARN of the holder its policy is on.
    A Deny in either policy refuses. Otherwise the caller's own version needs no
    policy (the mock has no identity policies: the caller's are taken to allow);
    another account's needs every policy present to allow, and refuses with none.
    """
    decisions = [
        holder.policy.decision(IMPORT_ACTION, account, (resource_arn, holder.arn))
        for holder in holders
        if holder.policy is not None
    ]
    caller = f"User: arn:{partition}:iam::{account}:root is not authorized to perform: "
    refused = f"{caller}{IMPORT_ACTION} on resource: {resource_arn}"
    if DENY in decisions:
        raise access_denied(f"{refused} with an explicit deny in a resource-based policy")
    if same_account:
        return
    if not decisions or any(decision != ALLOW for decision in decisions):
        raise access_denied(
            f"{refused} because no resource-based policy allows the {IMPORT_ACTION} action"
        )
