"""`cog.BaseModel`: structured outputs without pydantic.

    class Output(BaseModel):
        text: str
        image: Path
        score: Optional[float] = None

Every subclass becomes a dataclass automatically (`auto_dataclass=True`); extra class keywords are
passed to `dataclasses.dataclass` (`class Output(BaseModel, frozen=True)`). Outputs are encoded as
JSON objects of their fields.
"""

from __future__ import annotations

import dataclasses
from typing import Any


class BaseModel:
    def __init_subclass__(cls, *, auto_dataclass: bool = True, init: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__()
        bases = cls.__bases__
        if not issubclass(bases[0], BaseModel):
            raise TypeError(f'Primary base class of "{cls.__name__}" must inherit from BaseModel')
        for base in bases[1:]:
            if dataclasses.is_dataclass(base) and not issubclass(base, BaseModel):
                raise TypeError(
                    f'Cannot mixin dataclass "{base.__name__}" while inheriting from BaseModel'
                )
        if auto_dataclass:
            dataclasses.dataclass(init=init, **kwargs)(cls)
