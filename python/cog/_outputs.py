"""Encoding a predictor's return value (or each yielded item) into JSON for the runtime.

Files become `{"__cog_file__": "/abs/path"}` markers wherever they occur (docs/runtime-protocol.md);
the server turns each into a data URI or an uploaded URL. IO objects are first copied into a temp
file, because the server deletes worker-made temp files after upload and must never delete a
user's own file.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import io
import math
import os
import tempfile
import typing
from typing import Any, Dict, Optional, Tuple

from ._typing import union_members
from .model import BaseModel
from .types import MASKED_SECRET, Secret, URLPath

FILE_MARKER = "__cog_file__"
_REQUIRED_FIELDS: Dict[type, Tuple[str, ...]] = {}


def encode_output(value: Any) -> Any:
    """A JSON-able value; raises TypeError (or ValueError for incomplete BaseModels)."""
    if isinstance(value, float):
        # JSON has no NaN/Infinity; the server (Node) would reject the frame. null, as
        # JavaScript's JSON.stringify writes them.
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Secret):
        return MASKED_SECRET
    if isinstance(value, URLPath):
        return _file_marker(value.convert())
    if isinstance(value, os.PathLike):
        return _file_marker(value)
    if isinstance(value, io.IOBase):
        return _file_marker(_copy_to_temp(value))
    if isinstance(value, enum.Enum):
        return encode_output(value.value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): encode_output(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)) or _is_generator(value):
        return [encode_output(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, BaseModel):
            _check_required_fields(value)
        return {f.name: encode_output(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):  # auto_dataclass=False: plain attributes
        return {k: encode_output(v) for k, v in vars(value).items() if not k.startswith("_")}
    dumped = _dump_foreign(value)
    if dumped is not _NOT_FOREIGN:
        return encode_output(dumped)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_NOT_FOREIGN = object()


def _dump_foreign(value: Any) -> Any:
    """pydantic models and numpy values, recognised without importing either library.
    pydantic models are read field by field rather than with `model_dump()`, which would turn a
    `Secret` (a dataclass) into `{"secret_value": ...}` and leak it, as the original's Rust worker did."""
    fields = getattr(type(value), "model_fields", None)  # pydantic v2
    if not isinstance(fields, dict):
        fields = getattr(type(value), "__fields__", None)  # pydantic v1
    if isinstance(fields, dict) and callable(getattr(value, "model_dump", getattr(value, "dict", None))):
        return {name: getattr(value, name) for name in fields}
    if callable(getattr(value, "model_dump", None)):
        return value.model_dump()
    module = type(value).__module__ or ""
    if module == "numpy" and callable(getattr(value, "tolist", None)):
        return value.tolist()
    return _NOT_FOREIGN


def _is_generator(value: Any) -> bool:
    return isinstance(value, collections.abc.Generator)


def _file_marker(path: Any) -> dict:
    return {FILE_MARKER: os.path.abspath(os.fspath(path))}


def _copy_to_temp(handle: io.IOBase) -> str:
    name = getattr(handle, "name", None)
    basename = os.path.basename(name) if isinstance(name, str) and name else "output.bin"
    directory = tempfile.mkdtemp(prefix="cog-output-")
    target = os.path.join(directory, basename)
    if handle.seekable():
        handle.seek(0)
    with open(target, "wb") as out:
        while True:
            chunk = handle.read(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                break
            out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    return target


def _check_required_fields(value: BaseModel) -> None:
    cls = type(value)
    required = _REQUIRED_FIELDS.get(cls)
    if required is None:
        required = _REQUIRED_FIELDS[cls] = _required_fields(cls)
    for name in required:
        if getattr(value, name, None) is None:
            raise ValueError(f"missing value for output field: {name}")


def _required_fields(cls: type) -> Tuple[str, ...]:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - unresolvable hints: skip the check rather than fail the output
        return ()
    names = []
    for field in dataclasses.fields(cls):
        union: Optional[tuple] = union_members(hints.get(field.name, Any))
        if hints.get(field.name, Any) is not Any and not (union is not None and union[1]):
            names.append(field.name)
    return tuple(names)
