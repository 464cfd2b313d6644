"""JSON from untrusted text, refused beyond a nesting depth instead of exhausting the stack.

Python's JSON parser recurses once per level: a body of ``"[" * 1000`` raises
``RecursionError`` deep inside it. The depth is measured first, in one linear
scan that skips string contents, so a too-deep document never reaches the parser.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

#: Deepest nesting accepted; far beyond any shape of either model (7 levels) or a policy.
MAX_DEPTH = 100

#: A string (its contents skipped; the alternatives never overlap, so no backtracking)
#: or a bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


class TooDeep(ValueError):
    """The document nests deeper than allowed."""


def _depth(text: str) -> int:
    depth = deepest = 0
    for token in _STRING_OR_BRACKET.finditer(text):
        opening = token.group()[0]
        if opening in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif opening in "]}":
            depth -= 1
    return deepest


def loads(
    document: str | bytes,
    *,
    max_depth: int = MAX_DEPTH,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
) -> Any:
    """``json.loads(document, object_hook=object_hook)`` (bytes are UTF-8); :class:`TooDeep`
    past ``max_depth`` levels of nesting, ``ValueError`` for anything else that is not JSON."""
    text = document.decode("utf-8") if isinstance(document, bytes) else document
    # Brackets (inside strings too) bound the depth: with few, no scan is needed.
    if text.count("[") + text.count("{") > max_depth and _depth(text) > max_depth:
        raise TooDeep(f"it nests deeper than {max_depth} levels")
    return json.loads(text, object_hook=object_hook)
