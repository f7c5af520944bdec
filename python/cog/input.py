"""`Input(...)`: per-parameter metadata of a predictor's signature.

    def run(self, steps: int = Input(default=4, ge=1, le=10, description="Denoising steps")) -> str:

`Input` returns a `FieldInfo`; the loader reads it to build the schema and replaces it with the
real default before calling the predictor. Unlike the original's static parser, a positional
default (`Input("x")`) counts as a default (see docs/schema.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, List, Optional, Union


class _Missing:
    """The "no default given" sentinel (distinct from `None`, which is a default)."""

    _instance: Optional["_Missing"] = None

    def __new__(cls) -> "_Missing":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldInfo:
    default: Any = MISSING
    description: Optional[str] = None
    ge: Optional[Union[int, float]] = None
    le: Optional[Union[int, float]] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    regex: Optional[str] = None
    choices: Optional[List[Union[str, int]]] = None
    deprecated: Optional[bool] = None
    accept: Optional[str] = None


def Input(  # noqa: N802 - the public name is capitalised in Cog
    default: Any = MISSING,
    *,
    description: Optional[str] = None,
    ge: Optional[Union[int, float]] = None,
    le: Optional[Union[int, float]] = None,
    min_length: Optional[int] = None,
    max_length: Optional[int] = None,
    regex: Optional[str] = None,
    choices: Optional[List[Union[str, int]]] = None,
    deprecated: Optional[bool] = None,
    accept: Optional[str] = None,
    default_factory: Any = MISSING,
) -> Any:
    """Describe one predictor input. Omit `default` to make the input required."""
    if default_factory is not MISSING:
        raise TypeError(
            "default_factory is not supported in Input(). Use default=<value> instead; "
            "list and dict defaults are copied for every prediction."
        )
    return FieldInfo(
        default=default,
        description=description,
        ge=ge,
        le=le,
        min_length=min_length,
        max_length=max_length,
        regex=regex,
        # Enum members given as choices mean their values (as in the original's normaliser).
        choices=[c.value if isinstance(c, enum.Enum) else c for c in choices] if choices is not None else None,
        deprecated=deprecated,
        accept=accept,
    )
