"""`BaseRunner` (and its deprecated alias `BasePredictor`): the base class of class predictors.

    class Runner(BaseRunner):
        def setup(self) -> None: ...
        def run(self, prompt: str = Input(description="...")) -> str: ...

Cog 0.17 renamed `predict` to `run`. Both spellings keep working: `run()` forwards to a
subclass's `predict()`, and calling `predict()` on a runner that defines `run()` forwards with a
deprecation warning. The loader (`cog._predictor`) enforces "exactly one of run()/predict()".
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

from ._metrics import PredictionScope, current_scope


class BaseRunner:
    def setup(self, weights: Optional[Any] = None) -> None:
        """Load models and other expensive state once, before the first prediction."""

    def run(self, **kwargs: Any) -> Any:
        if type(self).predict is not BaseRunner.predict:
            return self.predict(**kwargs)
        raise NotImplementedError("run() is not implemented")

    def predict(self, **kwargs: Any) -> Any:
        warnings.warn(
            f"{type(self).__name__}.predict() is deprecated; use run() instead",
            DeprecationWarning,
            stacklevel=2,
        )
        if type(self).run is BaseRunner.run:
            raise NotImplementedError("run() is not implemented")
        return self.run(**kwargs)

    @property
    def scope(self) -> PredictionScope:
        return current_scope()

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        current_scope().record_metric(key, value, mode)


class BasePredictor(BaseRunner):
    """Deprecated: subclass `BaseRunner` instead."""
