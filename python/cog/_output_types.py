"""Output type analysis: a return annotation → the `Output` schema fragment and whether the
predictor streams (iterator outputs)."""

from __future__ import annotations

import collections.abc
import dataclasses
import sys
import typing
from typing import Any, Dict, List, Optional, Tuple, get_args, get_origin

from ._errors import SchemaError
from ._typing import (
    SCALAR_SCHEMA_FRAGMENTS,
    is_class,
    label,
    scalar_kind,
    strip_annotated,
    title,
    union_members,
)
from .model import BaseModel
from .types import AsyncConcatenateIterator, ConcatenateIterator

_ITERATORS = (
    collections.abc.Iterator,
    collections.abc.Generator,
    collections.abc.AsyncIterator,
    collections.abc.AsyncGenerator,
)
_CONCATENATE = (ConcatenateIterator, AsyncConcatenateIterator)


def _required_markers() -> Tuple[Any, ...]:
    """typing's Required/NotRequired, and typing_extensions' (Python 3.10 spells them only there)
    when the predictor's code imported it: importing it ourselves would cost every worker 0.6 MB."""
    names = ("Required", "NotRequired")
    found = [getattr(typing, n) for n in names if hasattr(typing, n)]
    extensions = sys.modules.get("typing_extensions")
    if extensions is not None:
        found += [getattr(extensions, n) for n in names if hasattr(extensions, n)]
    return tuple(found)


@dataclasses.dataclass(frozen=True)
class OutputInfo:
    schema: dict  # the fragment, without the component title
    is_stream: bool


def analyse_output(annotation: Any) -> OutputInfo:
    """Raise `SchemaError` for unsupported return annotations."""
    if annotation is None or annotation is type(None):
        raise SchemaError("return type must not be None")
    tp, opaque = strip_annotated(annotation)
    if opaque:
        return OutputInfo(_opaque_fragment(tp), False)
    origin = get_origin(tp)
    if origin in _CONCATENATE or tp in _CONCATENATE:
        (item,) = get_args(tp) or (Any,)
        if item is not str:
            raise SchemaError(f"{getattr(origin or tp, '__name__')} element type must be str, got {label(item)}")
        fragment = {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator",
                    "x-cog-array-display": "concatenate"}
        return OutputInfo(fragment, True)
    if origin in _ITERATORS:
        args = get_args(tp)
        if not args:
            raise SchemaError(f"{label(tp)} needs an element type, e.g. Iterator[str]")
        if union_members(args[0]) is not None:
            raise SchemaError("iterator element type must not be Optional or a union")
        items = _fragment(args[0], [])
        return OutputInfo({"type": "array", "items": items, "x-cog-array-type": "iterator"}, True)
    return OutputInfo(_fragment(tp, []), False)


def _opaque_fragment(tp: Any) -> dict:
    if tp is list or get_origin(tp) is list:
        return {"type": "array", "items": {"type": "object"}}
    return {"type": "object"}


def _fragment(annotation: Any, seen: List[type]) -> dict:
    tp, opaque = strip_annotated(annotation)
    if opaque:
        return _opaque_fragment(tp)
    union = union_members(tp)
    if union is not None:
        if union[1] and len(union[0]) == 1:
            raise SchemaError("unsupported output type: Optional is not allowed as a return type")
        raise SchemaError("union types are not supported as output")
    kind = scalar_kind(tp)
    if kind is not None:
        return dict(SCALAR_SCHEMA_FRAGMENTS[kind])
    if tp is list or tp is typing.List:
        return {"type": "array", "items": {"type": "object"}}
    origin = get_origin(tp)
    if origin is list:
        (item,) = get_args(tp)
        return {"type": "array", "items": _fragment(item, seen)}
    if tp is Any or tp is dict or tp is typing.Dict or tp is object:
        return {"type": "object"}
    if origin is dict:
        args = get_args(tp)
        if len(args) == 2 and args[1] is not Any:
            return {"type": "object", "additionalProperties": _fragment(args[1], seen)}
        return {"type": "object"}
    if _is_model(tp):
        return _model_fragment(tp, seen)
    if origin in _ITERATORS or origin in _CONCATENATE:
        raise SchemaError("iterators are only supported as the top-level return type")
    raise SchemaError(f"unsupported output type {label(tp)}")


def _is_model(tp: Any) -> bool:
    if not is_class(tp):
        return False
    return (
        dataclasses.is_dataclass(tp)
        or typing.is_typeddict(tp)
        or hasattr(tp, "model_fields")  # pydantic v2
        or hasattr(tp, "__fields__")  # pydantic v1
        or issubclass(tp, BaseModel)  # auto_dataclass=False: the class annotations are the fields
    )


def _model_fragment(model: type, seen: List[type]) -> dict:
    if model in seen:
        return {"type": "object"}
    hints = typing.get_type_hints(model, include_extras=True)
    properties: Dict[str, dict] = {}
    required: List[str] = []
    for name, has_default, default in _model_fields(model, hints):
        fragment, nullable = _field_fragment(hints[name], seen + [model])
        prop = {"title": title(name), **fragment}
        if nullable:
            prop["nullable"] = True
        if has_default and default is not None and _is_json_literal(default):
            prop["default"] = default
        properties[name] = prop
        if not has_default and not nullable:
            required.append(name)
    fragment = {"type": "object", "properties": properties}
    if required:
        fragment["required"] = required
    return fragment


def _field_fragment(annotation: Any, seen: List[type]) -> Tuple[dict, bool]:
    annotation = _required_marker(annotation)[0]
    union = union_members(strip_annotated(annotation)[0])
    if union is not None and union[1] and len(union[0]) == 1:
        return _fragment(union[0][0], seen), True
    return _fragment(annotation, seen), False


def _model_fields(model: type, hints: Dict[str, Any]) -> List[Tuple[str, bool, Any]]:
    """(name, has_default, default) for each field, in declaration order."""
    if dataclasses.is_dataclass(model):
        result = []
        for field in dataclasses.fields(model):
            if field.default is not dataclasses.MISSING:
                result.append((field.name, True, field.default))
            else:
                result.append((field.name, field.default_factory is not dataclasses.MISSING, None))
        return result
    if typing.is_typeddict(model):
        required = getattr(model, "__required_keys__", frozenset(hints))
        result = []
        for name, hint in hints.items():
            # An explicit marker decides; `__required_keys__` misses markers in string annotations.
            marker = _required_marker(hint)[1]
            optional = marker == "NotRequired" if marker else name not in required
            result.append((name, optional, None))
        return result
    fields = getattr(model, "model_fields", None)
    if isinstance(fields, dict):  # pydantic v2
        return [(n, not f.is_required(), _pydantic_default(f)) for n, f in fields.items()]
    legacy = getattr(model, "__fields__", None)  # pydantic v1
    if isinstance(legacy, dict):
        return [(n, not f.required, _pydantic_default(f)) for n, f in legacy.items()]
    return [(name, hasattr(model, name), getattr(model, name, None)) for name in hints]


def _required_marker(annotation: Any) -> Tuple[Any, Optional[str]]:
    """`Required[T]`/`NotRequired[T]` (TypedDict fields, typing or typing_extensions) → (T, marker)."""
    origin = get_origin(annotation)
    name = getattr(origin, "_name", None) or getattr(origin, "__name__", None)
    if origin is not None and name in ("Required", "NotRequired") and origin in _required_markers():
        return get_args(annotation)[0], name
    return annotation, None


def _pydantic_default(field: Any) -> Optional[Any]:
    default = getattr(field, "default", None)
    return default if _is_json_literal(default) else None


def _is_json_literal(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_json_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json_literal(v) for k, v in value.items())
    return False
