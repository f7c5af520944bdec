"""Decorators on a predictor's `run()`/`predict()`: `@cog.concurrent(max=N)` and `@cog.streaming`.

Both only mark the function; the loader reads the marks (`__cog_concurrent_max__`,
`__cog_streaming__`) when it builds the schema and reports the concurrency to the runtime.
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
