"""Input decoders built once per shape: a JSON value to its Python form.

The walk over an input shape (which members a structure has, under which JSON
names, which need converting) is the same for every request, so each shape gets
a small function the first time it is decoded and keeps it. Mistyped values and
malformed unions are rejected with the messages of
:func:`bedrock_jobs_mock.engine.protocol.base.check_json_type`.
"""

from __future__ import annotations

import base64
from typing import Any, Callable

from botocore.model import Shape

from bedrock_jobs_mock.engine.compiled import ShapeCache

#: A compiled decoder: the JSON value at ``where`` to its Python form.
Decoder = Callable[[Any, str], Any]
#: Raises the SerializationException for a JSON value of the wrong type for a shape type.
TypeCheck = Callable[[str, Any], None]
#: Converts a timestamp's JSON value at ``where``.
TimestampParser = Callable[[Any, str], Any]
#: Raises the SerializationException with a message.
Refusal = Callable[[str], Exception]


class Decoders(ShapeCache[Decoder]):
    """The decoder of each shape, built on first use.

    ``json_types`` are the JSON types each shape type accepts (``boolean`` alone
    accepts ``bool``); ``check_json_type`` raises for a value of the wrong type.
    """

    def __init__(
        self,
        json_types: dict[str, tuple[type, ...]],
        check_json_type: TypeCheck,
        parse_timestamp: TimestampParser,
        refuse: Refusal,
        json_name: Callable[[str, Shape], str],
    ) -> None:
        super().__init__()
        self._json_types = json_types
        self._check_json_type = check_json_type
        self._parse_timestamp = parse_timestamp
        self._refuse = refuse
        self._json_name = json_name

    def _build(self, shape: Shape) -> Decoder:
        kind = shape.type_name
        accepted = self._json_types.get(kind, (object,))
        any_bool = kind == "boolean" or kind not in self._json_types
        check_json_type = self._check_json_type

        def right_type(value: Any) -> bool:
            return isinstance(value, accepted) and (any_bool or not isinstance(value, bool))

        if kind == "structure":
            return self._structure(shape, right_type)
        if kind == "list":
            item = self.of(shape.member)

            def decode_list(value: Any, where: str) -> Any:
                if not right_type(value):
                    check_json_type(kind, value)
                return [
                    item(each, f"{where}.{index}.member") for index, each in enumerate(value, 1)
                ]

            return decode_list
        if kind == "map":
            entry = self.of(shape.value)

            def decode_map(value: Any, where: str) -> Any:
                if not right_type(value):
                    check_json_type(kind, value)
                return {key: entry(each, f"{where}.{key}") for key, each in value.items()}

            return decode_map
        if kind == "timestamp":
            parse_timestamp = self._parse_timestamp

            def decode_timestamp(value: Any, where: str) -> Any:
                if not right_type(value):
                    check_json_type(kind, value)
                return parse_timestamp(value, where)

            return decode_timestamp
        if kind == "blob":

            def decode_blob(value: Any, where: str) -> Any:
                if not right_type(value):
                    check_json_type(kind, value)
                return base64.b64decode(value)

            return decode_blob

        return _Scalar(kind, self._json_types.get(kind, ()), right_type, check_json_type)

    def _structure(self, shape: Shape, right_type: Callable[[Any], bool]) -> Decoder:
        by_json_name = {}
        for name, member in shape.members.items():
            decoder = self.of(member)
            as_is = decoder.exact_types if isinstance(decoder, _Scalar) else ()
            by_json_name[self._json_name(name, member)] = (name, decoder, as_is)
        union = bool(shape.metadata.get("union"))
        check_json_type, refuse = self._check_json_type, self._refuse

        def decode(value: Any, where: str) -> Any:
            if not right_type(value):
                check_json_type("structure", value)
            result: dict[str, Any] = {}
            for key, each in value.items():
                known = by_json_name.get(key)
                if known is None:
                    if union:
                        raise refuse(f"Unknown member '{key}' of union '{where}'")
                elif each is not None:
                    name, member, as_is = known
                    if type(each) in as_is:  # exact: a bool is not taken for an integer
                        result[name] = each
                    else:
                        result[name] = member(each, f"{where}.{name}" if where else name)
            if union and len(result) != 1:
                raise refuse(
                    f"Union '{where}' must have exactly one member set, found {len(result)}"
                )
            return result

        return decode


class _Scalar:
    """The decoder of a string, number or boolean shape: its JSON value is its value,
    once its type is checked. A structure keeps a member whose value is exactly of
    one of ``exact_types`` as it is, without calling this."""

    __slots__ = ("_check_json_type", "_kind", "_right_type", "exact_types")

    def __init__(
        self,
        kind: str,
        exact_types: tuple[type, ...],
        right_type: Callable[[Any], bool],
        check_json_type: TypeCheck,
    ) -> None:
        self._kind = kind
        self.exact_types = exact_types
        self._right_type = right_type
        self._check_json_type = check_json_type

    def __call__(self, value: Any, where: str) -> Any:
        if not self._right_type(value):
            self._check_json_type(self._kind, value)
        return value
