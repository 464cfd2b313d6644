"""What Bedrock's models answer, as the mock makes it up: a deterministic body in the
shape of the model family's InvokeModel response, or of a Converse response, and the
tokens a body reports.

:func:`default_answer` answers a batch record when the test set no responder of
its own (:func:`default_responder` is the same answer, as a responder). A record
whose input lacks what its family's request body requires fails as the runtime
refuses it (``400``, the runtime's ``Malformed input request`` wording).
:func:`token_usage` reads the token counts a body reports, in its family's
fields, for the job's manifest (docs/fidelity.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable

from bedrock_jobs_mock.engine.records import Record, RecordError

#: The runtime's words for a request body its model's schema refuses.
_MALFORMED = "Malformed input request: {problems}, please reformat your input and try again."
#: The Converse runtime's words for a model that has no Converse (an embedding model).
CONVERSE_UNSUPPORTED = (
    "This action doesn't support the model that you provided. "
    "Try again with a supported text or chat model."
)
#: The Converse runtime's words for a request without messages.
CONVERSE_WITHOUT_MESSAGES = (
    "1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
    "Member must not be null"
)
#: Batch inference refuses tool use in Converse records with a 400 (the user guide);
#: the wording is the mock's (decided).
CONVERSE_TOOLS_REFUSED = "Batch inference doesn't support tool use: remove toolConfig."
#: How many characters make a token in the mock's estimate ("1 token is about 4
#: characters", the Bedrock user guide on Cohere Embed).
CHARACTERS_PER_TOKEN = 4


def estimate_tokens(characters: int) -> int:
    """The tokens the mock counts for ``characters`` of text: one per four, at least one."""
    return max(1, -(-characters // CHARACTERS_PER_TOKEN))


def answer_text(record_id: str) -> str:
    """The text every default answer holds: it names the record, and nothing else varies."""
    return f"Answer to record {record_id}."


@dataclass(frozen=True)
class Family:
    """A model family: what its InvokeModel body requires, and what it answers."""

    name: str
    #: Keys its InvokeModel request body requires, in the order the runtime names them.
    required: tuple[str, ...]
    #: The InvokeModel response body for a record, its answer text and token counts.
    body: Callable[[Record, str, int, int], dict[str, Any]]
    #: The input and output tokens a response body reports, where it reports them.
    usage: Callable[[Mapping[str, Any]], tuple[int, int] | None]
    #: Whether it embeds (no Converse, no answer text).
    embeds: bool = False


#: Where a request body holds text, at any depth.
_TEXT_KEYS = ("text", "content", "inputText", "prompt")
#: Where a request body's top level holds what its model reads.
_INPUT_KEYS = ("system", "messages", "prompt", "inputText", "texts")


def _text_length(value: Any) -> int:
    """How many characters of text ``value`` (part of a parsed request body) holds."""
    if isinstance(value, str):
        return len(value)
    total = 0
    if isinstance(value, list):
        for item in value:
            total += _text_length(item)
    elif isinstance(value, dict):
        for key in _TEXT_KEYS:
            item = value.get(key)
            if item is not None:
                total += _text_length(item)
    return total


def input_tokens(model_input: Mapping[str, Any]) -> int:
    """The mock's estimate of the tokens of what a request body gives its model to read
    (its messages, system prompt, prompt, inputText or texts)."""
    characters = 0
    for key in _INPUT_KEYS:
        item = model_input.get(key)
        if item is not None:
            characters += _text_length(item)
    return estimate_tokens(characters)


def _short_id(prefix: str, record: Record) -> str:
    """An id of the answer that names its record (``msg_bdrk_`` + the record's id)."""
    return prefix + record.record_id


@functools.lru_cache(maxsize=256)
def _model_name(model_id: str) -> str:
    """``anthropic.claude-3-haiku-20240307-v1:0`` as its family names it in a body
    (``claude-3-haiku-20240307``)."""
    name = base_model_id(model_id).split(".", 1)[-1]
    stem, dash, version = name.rpartition("-v")
    return stem if dash and version[:1].isdigit() else name


@functools.lru_cache(maxsize=256)
def _embedding(dimensions: int) -> tuple[float, ...]:
    """A unit vector of ``dimensions`` equal values: the embedding every default answer holds."""
    value = round(dimensions**-0.5, 8)
    return (value,) * dimensions


def _claude(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    return {
        "id": _short_id("msg_bdrk_", record),
        "type": "message",
        "role": "assistant",
        "model": _model_name(record.model_id),
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out},
    }


def _converse(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    """A Converse response; Nova's InvokeModel answers the same shape, without metrics."""
    body = _nova(record, text, tokens_in, tokens_out)
    body["metrics"] = {"latencyMs": 100 + tokens_out}
    return body


def _nova(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {
            "inputTokens": tokens_in,
            "outputTokens": tokens_out,
            "totalTokens": tokens_in + tokens_out,
        },
    }


def _titan_text(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    return {
        "inputTextTokenCount": tokens_in,
        "results": [{"tokenCount": tokens_out, "outputText": text, "completionReason": "FINISH"}],
    }


def _titan_embedding(record: Record, text: str, tokens_in: int, _: int) -> dict[str, Any]:
    model = base_model_id(record.model_id)
    if "embed-text-v2" in model:
        size = record.model_input.get("dimensions", 1024)
        vector = list(_embedding(size if isinstance(size, int) and 0 < size <= 4096 else 1024))
        return {
            "embedding": vector,
            "embeddingsByType": {"float": vector},
            "inputTextTokenCount": tokens_in,
        }
    config = record.model_input.get("embeddingConfig")
    size = config.get("outputEmbeddingLength") if isinstance(config, Mapping) else None
    default = 1024 if "image" in model else 1536
    vector = list(_embedding(size if isinstance(size, int) and 0 < size <= 4096 else default))
    return {"embedding": vector, "inputTextTokenCount": tokens_in}


def _cohere_embedding(record: Record, text: str, tokens_in: int, _: int) -> dict[str, Any]:
    texts = record.model_input.get("texts")
    texts = texts if isinstance(texts, list) else []
    vector = list(_embedding(1024))
    return {
        "id": _short_id("", record),
        "texts": texts,
        "embeddings": [vector for _ in texts],
        "response_type": "embeddings_floats",
    }


def _llama(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    return {
        "generation": text,
        "prompt_token_count": tokens_in,
        "generation_token_count": tokens_out,
        "stop_reason": "stop",
    }


def _mistral(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    if "messages" in record.model_input:  # the chat completion API (Mistral Large)
        return {
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "stop_reason": "stop",
                }
            ]
        }
    return {"outputs": [{"text": text, "stop_reason": "stop"}]}


def _chat_completion(record: Record, text: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    """The OpenAI-style chat completion that Bedrock's other open-weight and imported
    models answer: the default for a family the mock does not know."""
    return {
        "id": _short_id("chatcmpl-", record),
        "object": "chat.completion",
        "model": _model_name(record.model_id),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": tokens_in,
            "completion_tokens": tokens_out,
            "total_tokens": tokens_in + tokens_out,
        },
    }


def _pair(
    body: Mapping[str, Any], container: str, tokens_in: str, tokens_out: str
) -> tuple[int, int] | None:
    usage = body.get(container) if container else body
    if not isinstance(usage, Mapping):
        return None
    first, second = usage.get(tokens_in), usage.get(tokens_out)
    if isinstance(first, int) and isinstance(second, int):
        return first, second
    return None


def _titan_text_usage(body: Mapping[str, Any]) -> tuple[int, int] | None:
    results = body.get("results")
    tokens_in = body.get("inputTextTokenCount")
    if not isinstance(tokens_in, int) or not isinstance(results, list):
        return None
    out = [result.get("tokenCount") for result in results if isinstance(result, Mapping)]
    counts = [count for count in out if isinstance(count, int)]
    return (tokens_in, sum(counts)) if len(counts) == len(out) else None


def _embedding_usage(body: Mapping[str, Any]) -> tuple[int, int] | None:
    tokens_in = body.get("inputTextTokenCount")
    return (tokens_in, 0) if isinstance(tokens_in, int) else None


def _no_usage(body: Mapping[str, Any]) -> tuple[int, int] | None:
    return None


_CONVERSE_USAGE = functools.partial(
    _pair, container="usage", tokens_in="inputTokens", tokens_out="outputTokens"
)

CLAUDE = Family(
    "Anthropic Claude",
    ("max_tokens", "anthropic_version", "messages"),
    _claude,
    functools.partial(
        _pair, container="usage", tokens_in="input_tokens", tokens_out="output_tokens"
    ),
)
NOVA = Family("Amazon Nova", ("messages",), _nova, _CONVERSE_USAGE)
TITAN_TEXT = Family("Amazon Titan Text", ("inputText",), _titan_text, _titan_text_usage)
TITAN_EMBEDDINGS = Family(
    "Amazon Titan Embeddings", ("inputText",), _titan_embedding, _embedding_usage, embeds=True
)
COHERE_EMBED = Family(
    "Cohere Embed", ("texts", "input_type"), _cohere_embedding, _no_usage, embeds=True
)
LLAMA = Family(
    "Meta Llama",
    ("prompt",),
    _llama,
    functools.partial(
        _pair, container="", tokens_in="prompt_token_count", tokens_out="generation_token_count"
    ),
)
MISTRAL = Family("Mistral AI", (), _mistral, _no_usage)
OTHER = Family(
    "other",
    (),
    _chat_completion,
    functools.partial(
        _pair, container="usage", tokens_in="prompt_tokens", tokens_out="completion_tokens"
    ),
)

#: Families by the start of their base model id; the first that matches wins.
_FAMILIES: tuple[tuple[str, Family], ...] = (
    ("anthropic.", CLAUDE),
    ("amazon.nova", NOVA),
    ("amazon.titan-embed", TITAN_EMBEDDINGS),
    ("amazon.titan-", TITAN_TEXT),
    ("cohere.embed", COHERE_EMBED),
    ("meta.llama", LLAMA),
    ("mistral.", MISTRAL),
)

#: The prefixes of system inference profiles: ``us.anthropic...``, ``global.amazon...``.
_PROFILE_PREFIXES = ("us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global.")


def base_model_id(model_id: str) -> str:
    """The foundation model a model id, ARN or inference profile names
    (``arn:...:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`` ->
    ``anthropic.claude-3-haiku-20240307-v1:0``); a custom model's ARN names its own id."""
    name = model_id.rsplit("/", 1)[-1]
    for prefix in _PROFILE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@functools.lru_cache(maxsize=1024)
def family_of(model_id: str) -> Family:
    """The family of a model id or ARN (``OTHER`` for one the mock does not know: a custom
    model's ARN, or a provider without a family here)."""
    base = base_model_id(model_id)
    for prefix, family in _FAMILIES:
        if base.startswith(prefix):
            return family
    return OTHER


def _missing(model_input: Mapping[str, Any], required: Iterable[str]) -> str | None:
    """The runtime's message for the required keys ``model_input`` lacks, if it lacks any."""
    for key in required:
        if key not in model_input:
            break
    else:
        return None
    absent = (key for key in required if key not in model_input)
    return _MALFORMED.format(
        problems="".join(f"#: required key [{key}] not found" for key in absent)
    )


def default_answer(record: Record) -> tuple[dict[str, Any], int, int]:
    """The mock's answer to ``record`` and its input and output tokens: a body of its
    family's shape (InvokeModel), or a Converse response, holding :func:`answer_text`
    and the mock's token estimates; a record its runtime would refuse raises
    :class:`RecordError` (400)."""
    family = family_of(record.model_id)
    model_input = record.model_input
    if record.invocation_type == "Converse":
        if family.embeds:
            raise RecordError(400, CONVERSE_UNSUPPORTED)
        if "messages" not in model_input:
            raise RecordError(400, CONVERSE_WITHOUT_MESSAGES)
        if "toolConfig" in model_input:
            raise RecordError(400, CONVERSE_TOOLS_REFUSED)
        make: Callable[[Record, str, int, int], dict[str, Any]] = _converse
    else:
        problem = _missing(model_input, family.required)
        if problem is not None:
            raise RecordError(400, problem)
        make = family.body
    text = answer_text(record.record_id)
    tokens_in = input_tokens(model_input)
    tokens_out = 0 if family.embeds else estimate_tokens(len(text))
    return make(record, text, tokens_in, tokens_out), tokens_in, tokens_out


def default_responder(record: Record) -> Mapping[str, Any]:
    """The mock's answer to ``record`` (:func:`default_answer`), for a test to call from a
    responder of its own."""
    return default_answer(record)[0]


def token_usage(record: Record, body: Mapping[str, Any]) -> tuple[int, int]:
    """The input and output tokens of a record's answer ``body``: those it reports in its
    shape's usage fields, else the mock's estimates of the record's text and the answer's."""
    family = family_of(record.model_id)
    read = _CONVERSE_USAGE if record.invocation_type == "Converse" else family.usage
    reported = read(body)
    if reported is not None:
        return reported
    answer = sum(len(text) for text in answer_strings(body))
    return input_tokens(record.model_input), 0 if family.embeds else estimate_tokens(answer)


def answer_strings(value: Any) -> Iterable[str]:
    """The text an answer body holds (under ``text``, ``content``, ``generation`` or
    ``outputText``, at any depth)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, str):
                if key in _ANSWER_KEYS:
                    yield item
            else:
                yield from answer_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from answer_strings(item)


_ANSWER_KEYS = frozenset(("text", "content", "generation", "outputText"))
