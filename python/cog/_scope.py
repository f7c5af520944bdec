"""Per-prediction scope shared by the worker (`cog._worker`) and the public SDK (`cog.current_scope`).

The worker sets the scope of the running prediction in a ContextVar before it calls the user's
method (async predictions: inside their own task, so concurrent predictions never see each other's
scope). The SDK reads it with `current()`, validates metric names/values, and reports metrics with
`Scope.send_metric`, which the worker turns into a `metric` frame (docs/runtime-protocol.md).
"""

from __future__ import annotations

import contextvars
from typing import Any, Callable, Dict, Optional

MetricSink = Callable[[str, str, Any, str], None]


class Scope:
    """What a running prediction knows about itself: its id, the request context, a metric sink."""

    __slots__ = ("prediction_id", "context", "_sink")

    def __init__(self, prediction_id: str, context: Dict[str, str], sink: MetricSink) -> None:
        self.prediction_id = prediction_id
        self.context = context
        self._sink = sink

    def send_metric(self, name: str, value: Any, mode: str = "replace") -> None:
        """Report a metric to the runtime. `mode` is `replace`, `incr` or `append`; a `None`
        value with `replace` deletes the key. Validation is the caller's job."""
        self._sink(self.prediction_id, name, value, mode)


_current: contextvars.ContextVar[Optional[Scope]] = contextvars.ContextVar("cog_scope", default=None)

# The single sync prediction, for writes and metrics from threads the user started (threads do not
# inherit ContextVars). Set only by the worker while a sync prediction runs on the main thread.
_sync_scope: Optional[Scope] = None


def current() -> Optional[Scope]:
    """The scope of the prediction running in this context, or None outside a prediction."""
    scope = _current.get()
    return scope if scope is not None else _sync_scope


def enter(scope: Scope) -> contextvars.Token:
    return _current.set(scope)


def leave(token: contextvars.Token) -> None:
    _current.reset(token)


def set_sync_scope(scope: Optional[Scope]) -> None:
    global _sync_scope
    _sync_scope = scope
