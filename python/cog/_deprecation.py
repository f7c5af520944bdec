"""Deprecation warnings for the 0.17 renames (`BasePredictor`, `Predictor`, `predict()`).

They point at the user's code, not at the SDK line that noticed: `warn_explicit` with the file
and line where the user's class or method is defined. Each is printed once per process, so it
shows in the setup logs and not again for every prediction or reload.
"""

from __future__ import annotations

import inspect
import sys
import warnings
from typing import Any, Dict, Set, Tuple


class CogDeprecationWarning(DeprecationWarning):
    """A rename in the SDK's interface. Shown by default (Python hides DeprecationWarning
    outside `__main__`); a user's own `ignore` filter, added later, still wins."""


# Once, at import: changing the filters later would reset every module's "already shown" state.
warnings.filterwarnings("default", category=CogDeprecationWarning)

_shown: Set[Tuple[str, str, int]] = set()
_registry: Dict[Any, Any] = {}


def _definition(obj: Any) -> Tuple[str, int, str]:
    """(file, line, module) of a class or function's definition."""
    target = inspect.unwrap(obj) if callable(obj) and not inspect.isclass(obj) else obj
    filename = inspect.getsourcefile(target) or inspect.getfile(target)
    if inspect.isclass(target):
        line = inspect.findsource(target)[1] + 1
    else:
        line = target.__code__.co_firstlineno
    return filename, line, getattr(target, "__module__", None) or "__main__"


def warn_deprecated(message: str, obj: Any) -> None:
    """Warn, once per process, at the definition of `obj` (the user's class or method)."""
    try:
        filename, line, module = _definition(obj)
    except (TypeError, OSError, AttributeError):
        filename, line, module = "<unknown>", 0, "__main__"
    key = (message, filename, line)
    if key in _shown:
        return
    _shown.add(key)
    source_module = sys.modules.get(module)
    warnings.warn_explicit(
        message,
        CogDeprecationWarning,
        filename,
        line,
        module=module,
        registry=_registry,
        module_globals=vars(source_module) if source_module is not None else None,
    )
