"""Input type analysis: a parameter's annotation → `InputType` (its JSON-schema fragment and how a
JSON value becomes the Python value the predictor receives).

Supported: str, int, float, bool, cog.Path (and any os.PathLike class), cog.File, cog.Secret,
dict/Any/TypedDict (opaque objects), list[T] of those, Optional[...] of all of these, unions of
JSON-native members, and `Annotated[T, cog.Opaque]`.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import math
import typing
from typing import Any, Literal, Optional, Tuple, get_args, get_origin

from ._errors import InputError, SchemaError
from ._typing import SCALAR_SCHEMA_FRAGMENTS, is_class, label, scalar_kind, strip_annotated, union_members
from .types import File, Path, Secret, URLPath, is_url

_OBJECT_TYPES = (dict, typing.Dict, object)
_SCALAR_FRAGMENTS = {**SCALAR_SCHEMA_FRAGMENTS, "object": {"type": "object"}}
# JSON-native kinds allowed inside unions (a value goes to the first member, in declaration order,
# that takes it; see `coerce_value`).
_UNION_KINDS = ("bool", "int", "float", "str", "list", "object")


@dataclasses.dataclass(frozen=True)
class InputType:
    kind: str  # str int float bool path file secret object list union
    label: str
    nullable: bool = False
    item: Optional["InputType"] = None
    members: Tuple["InputType", ...] = ()
    choices: Tuple[Any, ...] = ()  # the allowed values of an Enum or Literal annotation
    enum_class: Optional[type] = None

    def fragment(self) -> dict:
        """The JSON-schema fragment, without `nullable` for plain optionals (the caller places it)."""
        if self.choices and self.kind in ("str", "int"):
            return {**_SCALAR_FRAGMENTS[self.kind], "enum": list(self.choices)}
        if self.kind == "list":
            assert self.item is not None
            return {"type": "array", "items": self.item.fragment()}
        if self.kind == "union":
            fragments = []
            for member in self.members:
                fragment = member.fragment()
                if self.nullable:
                    fragment["nullable"] = True
                fragments.append(fragment)
            return {"anyOf": fragments}
        return dict(_SCALAR_FRAGMENTS[self.kind])

    @property
    def element(self) -> "InputType":
        """The type constraints apply to: the item type of a list, else the type itself."""
        return self.item if self.kind == "list" and self.item is not None else self


def analyse_input(annotation: Any) -> InputType:
    """Raise `SchemaError` (message without the parameter name) for unsupported annotations."""
    tp, opaque = strip_annotated(annotation)
    name = label(annotation)
    union = union_members(tp)
    if union is not None:
        members, has_none = union
        if len(members) == 1:
            inner = _analyse_non_union(members[0], opaque, label(members[0]))
            return dataclasses.replace(inner, nullable=has_none, label=name)
        return InputType("union", name, nullable=has_none, members=tuple(_union_member(m) for m in members))
    return _analyse_non_union(tp, opaque, name)


def _analyse_non_union(tp: Any, opaque: bool, name: str) -> InputType:
    tp, inner_opaque = strip_annotated(tp)
    opaque = opaque or inner_opaque
    if tp is list or tp is typing.List:
        return InputType("list", name, item=InputType("object", "object"))
    if get_origin(tp) is list:
        (item,) = get_args(tp) or (Any,)
        return InputType("list", name, item=_analyse_item(item, opaque))
    if opaque:
        return InputType("object", name)
    if get_origin(tp) is Literal:
        return InputType(_choice_kind(get_args(tp), name), name, choices=get_args(tp))
    if is_class(tp) and issubclass(tp, enum.Enum):
        values = tuple(member.value for member in tp)
        return InputType(_choice_kind(values, name), name, choices=values, enum_class=tp)
    kind = scalar_kind(tp)
    if kind is not None:
        return InputType(kind, name)
    if _is_object(tp):
        return InputType("object", name)
    if get_origin(tp) is not None:
        raise SchemaError(f"{name.split('[', 1)[0]}[...] is not a supported input type")
    raise SchemaError(f"unsupported input type {name}")


def _choice_kind(values: Tuple[Any, ...], name: str) -> str:
    """Enum/Literal annotations behave like `Input(choices=...)`: all str or all int values."""
    if values and all(isinstance(v, str) for v in values):
        return "str"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    raise SchemaError(f"{name} values must be all str or all int")


def _analyse_item(item: Any, opaque: bool) -> InputType:
    item, item_opaque = strip_annotated(item)
    if opaque or item_opaque:
        return InputType("object", "object")
    nested = get_origin(item) is not None and get_origin(item) is not Literal and not _is_object(item)
    if union_members(item) is not None or nested:
        raise SchemaError("nested generics like List[Optional[X]] are not supported")
    if item is list or item is typing.List:
        raise SchemaError("nested generics like List[Optional[X]] are not supported")
    return _analyse_non_union(item, False, label(item))


def _union_member(tp: Any) -> InputType:
    member = _analyse_non_union(tp, False, label(tp))
    if member.kind not in _UNION_KINDS:
        raise SchemaError(f"{label(tp)} is not supported in union inputs")
    return member


def _is_object(tp: Any) -> bool:
    if tp is Any or tp in _OBJECT_TYPES or get_origin(tp) is dict:
        return True
    return typing.is_typeddict(tp)


def coerce_value(tp: InputType, value: Any, name: str) -> Any:
    """JSON value → Python value for the predictor; raise `InputError` if it does not fit.
    Enum-typed values stay plain here; `to_enum` converts them after the constraint checks."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        if tp.nullable or tp.kind in ("object", "secret"):
            return None
        raise InputError(f"{name}: Invalid value for type {tp.label}")
    if tp.kind == "list":
        if not isinstance(value, (list, tuple)):
            raise InputError(f"{name}: Invalid value for type {tp.label}")
        assert tp.item is not None
        return [coerce_value(tp.item, item, name) for item in value]
    if tp.kind == "union":
        # The first member in declaration order that takes the value without loss: for
        # `int | float`, 1 stays an int and 1.5 is a float; for `float | int`, 1 becomes 1.0.
        for member in tp.members:
            if _accepts(member, value):
                return coerce_value(member, value, name)
        raise InputError(f"{name}: Invalid value for type {tp.label}")
    try:
        return _COERCERS[tp.kind](value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"{name}: Invalid value for type {tp.label}") from exc


def _accepts(member: InputType, value: Any) -> bool:
    """Whether a union member takes a JSON value as it is (lists: every element)."""
    if member.kind == "list":
        assert member.item is not None
        item = member.item
        return isinstance(value, list) and all(_accepts(item, v) for v in value)
    if member.choices and value not in member.choices:
        return False
    return _json_kind_matches(member.kind, value)


def _json_kind_matches(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        # JSON (and JSON Schema's "integer") does not tell 1.0 from 1.
        if isinstance(value, float):
            return math.isfinite(value) and value.is_integer()
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list)
    return isinstance(value, dict)


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("bool is not an int")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise ValueError(f"failed to normalize value {value} as int")
    if isinstance(value, str):
        return int(value.strip())
    raise TypeError(type(value).__name__)


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError("bool is not a float")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return float(value.strip())
    raise TypeError(type(value).__name__)


def _to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(type(value).__name__)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(type(value).__name__)


def _to_path(value: Any) -> Any:
    if isinstance(value, URLPath):
        return value.convert()
    if is_url(value):
        return URLPath(source=value).convert()
    if isinstance(value, str) or hasattr(value, "__fspath__"):
        return Path(value)
    raise TypeError(type(value).__name__)


def _to_file(value: Any) -> Any:
    if isinstance(value, io.IOBase):
        return value
    if is_url(value):
        return File.validate(value)
    if isinstance(value, str):
        return open(value, "rb")  # noqa: SIM115 - the predictor owns the handle
    raise TypeError(type(value).__name__)


def _to_secret(value: Any) -> Secret:
    if isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    raise TypeError(type(value).__name__)


_COERCERS = {
    "str": _to_str,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "path": _to_path,
    "file": _to_file,
    "secret": _to_secret,
    "object": lambda value: value,
}


def to_enum(tp: InputType, value: Any) -> Any:
    """Turn checked plain values of Enum-annotated inputs (or lists of them) into members."""
    element = tp.element
    if element.enum_class is None or value is None:
        return value
    if isinstance(value, list):
        return [element.enum_class(v) for v in value]
    return element.enum_class(value)
