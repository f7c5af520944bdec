"""Small helpers over `typing` shared by the input and output type analysis."""

from __future__ import annotations

import os
import types
from typing import Any, Annotated, Dict, Tuple, Union, get_args, get_origin

from .types import File, Opaque, Path, Secret

_NONE = type(None)


# JSON-schema fragment of each scalar kind (see scalar_kind), shared by inputs and outputs.
SCALAR_SCHEMA_FRAGMENTS: Dict[str, Dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "path": {"type": "string", "format": "uri"},
    "file": {"type": "string", "format": "uri"},
    "secret": {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True},
}


def strip_annotated(tp: Any) -> Tuple[Any, bool]:
    """`Annotated[T, ...]` → (T, is_opaque); anything else → (tp, False)."""
    if get_origin(tp) is Annotated:
        base, *metadata = get_args(tp)
        opaque = any(m is Opaque or isinstance(m, Opaque) for m in metadata)
        return base, opaque
    return tp, False


def union_members(tp: Any) -> Tuple[Tuple[Any, ...], bool] | None:
    """For `Union[...]`/`A | B` return (members without None, contained None); else None."""
    if get_origin(tp) is Union or isinstance(tp, types.UnionType):
        args = get_args(tp)
        return tuple(a for a in args if a is not _NONE), _NONE in args
    return None


def is_class(tp: Any) -> bool:
    """A real class; `list[int]` is not one (Python 3.10 says `isinstance(list[int], type)`)."""
    return isinstance(tp, type) and get_origin(tp) is None


def scalar_kind(tp: Any) -> str | None:
    """The cog kind of a non-generic annotation, or None if it is not a scalar cog type."""
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    if tp is str:
        return "str"
    if tp is Secret:
        return "secret"
    if is_class(tp):
        if issubclass(tp, File):
            return "file"
        if tp is Path or issubclass(tp, os.PathLike):
            return "path"
    return None


def label(tp: Any) -> str:
    """A readable name of an annotation for error messages: `int`, `List[str]`, `int | None`."""
    if is_class(tp):
        return tp.__name__
    return repr(tp).replace("typing.", "").replace("cog.types.", "")


def title(name: str) -> str:
    """`num_inference_steps` → `Num Inference Steps` (only the first letter of each part changes)."""
    return " ".join(part[:1].upper() + part[1:] for part in name.split("_"))
