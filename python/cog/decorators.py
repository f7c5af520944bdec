"""Decorators on a predictor's `run()`/`predict()`: `@cog.concurrent(max=N)`, `@cog.streaming` and
`@cog.batch(max_size=N, max_wait_ms=M)`.

All only mark the function; the loader reads the marks (`__cog_concurrent_max__`,
`__cog_streaming__`, `__cog_batch__`) when it builds the schema and reports them to the runtime.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Optional, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def concurrent(*, max: int) -> Callable[[F], F]:  # noqa: A002 - the public keyword is `max`
    """Allow up to `max` predictions at once. `max > 1` needs an `async def` method."""
    if isinstance(max, bool) or not isinstance(max, int):
        raise TypeError("concurrent max must be an integer")
    if max < 1:
        raise ValueError("concurrent max must be at least 1")

    def mark(fn: F) -> F:
        target = inspect.unwrap(fn)
        is_async = inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)
        if max > 1 and not is_async:
            raise TypeError("concurrent max greater than 1 requires an async function")
        fn.__cog_concurrent_max__ = max  # type: ignore[attr-defined]
        return fn

    return mark


def streaming(fn: Optional[F] = None) -> Any:
    """Mark an iterator-returning method as able to stream over Server-Sent Events.
    Usable as `@streaming` or `@streaming()`."""

    def mark(target: F) -> F:
        target.__cog_streaming__ = True  # type: ignore[attr-defined]
        return target

    return mark(fn) if fn is not None else mark


def batch(*, max_size: int, max_wait_ms: float) -> Callable[[F], F]:
    """Let the server gather concurrent predictions into one call of `run()` (docs/user/serving.md).

    The method takes a list per input and returns a list with one result per item (an
    `Exception` instance in that list fails only that prediction). The HTTP API is unchanged:
    each request still sends one item and gets one result. The server waits at most
    `max_wait_ms` for more requests to join a batch of at most `max_size`::

        @cog.batch(max_size=16, max_wait_ms=20)
        def run(self, text: list[str]) -> list[str]:
            return [t.upper() for t in text]
    """
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ValueError("batch max_size must be an integer of at least 1")
    if isinstance(max_wait_ms, bool) or not isinstance(max_wait_ms, (int, float)) or max_wait_ms < 0:
        raise ValueError("batch max_wait_ms must be a number of milliseconds, at least 0")

    def mark(fn: F) -> F:
        fn.__cog_batch__ = {"max_size": max_size, "max_wait_ms": float(max_wait_ms)}  # type: ignore[attr-defined]
        return fn

    return mark
