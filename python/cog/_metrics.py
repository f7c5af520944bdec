"""`cog.current_scope()` and metrics: the public face of the per-prediction scope.

The worker owns the scope itself (`cog._scope`: prediction id, request context, metric sink).
This module validates metric names, values and modes with the original's exact messages before
anything reaches the runtime, and gives a no-op scope outside a prediction, as current Cog does.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Dict, Optional

from . import _scope

_MODES = {"replace": "replace", "incr": "incr", "increment": "incr", "append": "append"}
_VALUE_TYPES = (bool, int, float, str, list, dict)
_MAX_NAME = 128
_MAX_SEGMENTS = 4
# Per-prediction "first type wins" bookkeeping, keyed by prediction id; bounded so a long-lived
# worker never grows it without limit (concurrency is far below this).
_KEY_TYPES: "OrderedDict[str, Dict[str, type]]" = OrderedDict()
_KEY_TYPES_LIMIT = 256


def validate_metric_name(name: str) -> None:
    if not isinstance(name, str):
        raise TypeError(f"metric name must be a string, got {type(name).__name__}")
    if name == "":
        raise ValueError("metric name must not be empty")
    if len(name) > _MAX_NAME:
        raise ValueError(f"metric name must be 128 characters or fewer (got {len(name)} characters)")
    if name == "predict_time":
        raise ValueError("'predict_time' is reserved by the runtime")
    if name.startswith("cog."):
        raise ValueError("the 'cog.' prefix is reserved for system metrics")
    if name.startswith("."):
        raise ValueError("metric name must not start with a dot")
    if name.endswith("."):
        raise ValueError("metric name must not end with a dot")
    segments = name.split(".")
    if "" in segments:
        raise ValueError("metric name must not contain empty segments (consecutive dots)")
    if len(segments) > _MAX_SEGMENTS:
        raise ValueError(f"metric name must have at most 4 dot-separated segments (got {len(segments)})")
    for segment in segments:
        _validate_segment(segment)


def _validate_segment(segment: str) -> None:
    if not segment[0].isascii() or not segment[0].isalpha():
        raise ValueError(f"metric name segment '{segment}' must start with a letter")
    for char in segment:
        if not (char.isascii() and (char.isalnum() or char == "_")):
            raise ValueError(f"metric name segment '{segment}' contains invalid character '{char}'")
    if "__" in segment:
        raise ValueError(f"metric name segment '{segment}' must not contain consecutive underscores")
    if not segment[-1].isalnum():
        raise ValueError(f"metric name segment '{segment}' must end with a letter or digit")


def _normalise_mode(mode: str) -> str:
    if mode not in _MODES:
        raise TypeError(f"Invalid metric mode: '{mode}'. Expected 'replace', 'incr', or 'append'.")
    return _MODES[mode]


def _key_types(prediction_id: str) -> Dict[str, type]:
    types = _KEY_TYPES.get(prediction_id)
    if types is None:
        types = _KEY_TYPES[prediction_id] = {}
        while len(_KEY_TYPES) > _KEY_TYPES_LIMIT:
            _KEY_TYPES.popitem(last=False)
    return types


class Metrics:
    """`scope.metrics`: `record(...)`, `metrics[key] = value`, `del metrics[key]`, `delete(key)`."""

    def __init__(self, scope: "PredictionScope") -> None:
        self._scope = scope

    def record(self, key: str, value: Any, mode: str = "replace") -> None:
        self._scope.record_metric(key, value, mode)

    def delete(self, key: str) -> None:
        self._scope.record_metric(key, None)

    def __setitem__(self, key: str, value: Any) -> None:
        self._scope.record_metric(key, value)

    def __delitem__(self, key: str) -> None:
        self.delete(key)


class PredictionScope:
    """What `cog.current_scope()` returns. Outside a prediction every method is a no-op."""

    def __init__(self, inner: Optional[_scope.Scope]) -> None:
        self._inner = inner
        self.metrics = Metrics(self)

    @property
    def context(self) -> Dict[str, str]:
        return dict(self._inner.context or {}) if self._inner is not None else {}

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        mode = _normalise_mode(mode)
        validate_metric_name(key)
        if value is not None and not isinstance(value, _VALUE_TYPES):
            raise TypeError(
                f"Unsupported metric value type: {type(value).__name__}. "
                "Expected bool, int, float, str, list, or dict."
            )
        if mode == "incr" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise TypeError(f"Increment mode requires int or float, got {type(value).__name__}")
        if self._inner is None:
            return
        types = _key_types(self._inner.prediction_id)
        if value is None:
            if mode == "replace":
                types.pop(key, None)
                self._inner.send_metric(key, None, "replace")
            return
        if mode == "replace":
            known = types.setdefault(key, type(value))
            if known is not type(value):
                raise TypeError(
                    f"Metric '{key}' has type {known.__name__}, cannot set to "
                    f"{type(value).__name__} without deleting first"
                )
        self._inner.send_metric(key, value, mode)


def current_scope() -> PredictionScope:
    """The scope of the running prediction (a no-op scope outside one); never None."""
    return PredictionScope(_scope.current())


def emit_metric(name: str, value: Any) -> None:
    """Deprecated: use `current_scope().record_metric(name, value)`."""
    current_scope().record_metric(name, value)
