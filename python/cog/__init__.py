"""Cog: containers for machine learning. The SDK a predictor imports.

    from cog import BaseRunner, Input, Path

    class Runner(BaseRunner):
        def setup(self) -> None:
            self.model = load_model()

        def run(self, image: Path = Input(description="Input image"),
                scale: float = Input(default=1.5, ge=1, le=4)) -> Path:
            return self.model.upscale(image, scale)

See docs/python-sdk.md for the whole surface.
"""

import sys as _sys
from typing import Any as _Any

from ._metrics import PredictionScope, current_scope
from ._version import __version__
from .decorators import batch, concurrent, streaming
from .exceptions import CancelationException
from .input import FieldInfo, Input
from .model import BaseModel
from .predictor import BasePredictor, BaseRunner
from .types import (
    AsyncConcatenateIterator,
    ConcatenateIterator,
    File,
    Opaque,
    Path,
    Secret,
    URLFile,
    URLPath,
)

# The deprecated `emit_metric` and `ExperimentalFeatureWarning` stay importable by name but are
# left out of `__all__`, so `from cog import *` does not print their deprecation notices.
__all__ = [
    "AsyncConcatenateIterator",
    "BaseModel",
    "BasePredictor",
    "BaseRunner",
    "CancelationException",
    "ConcatenateIterator",
    "FieldInfo",
    "File",
    "Input",
    "Opaque",
    "Path",
    "PredictionScope",
    "Secret",
    "URLFile",
    "URLPath",
    "__version__",
    "batch",
    "concurrent",
    "current_scope",
    "streaming",
]

_DEPRECATED = {
    "emit_metric": "cog: emit_metric() is deprecated and will be removed in a future release. "
    "Use current_scope().record_metric(name, value) instead.",
    "ExperimentalFeatureWarning": "cog: ExperimentalFeatureWarning is deprecated and will be removed "
    "in a future release.",
}
_announced = set()


def __getattr__(name: str) -> _Any:
    # Deprecated names print their notice once, on first access (as the original does).
    if name not in _DEPRECATED:
        raise AttributeError(f"module 'cog' has no attribute '{name}'")
    if name not in _announced:
        _announced.add(name)
        print(_DEPRECATED[name], file=_sys.stderr)
    if name == "emit_metric":
        from ._metrics import emit_metric

        return emit_metric
    from .exceptions import ExperimentalFeatureWarning

    return ExperimentalFeatureWarning
