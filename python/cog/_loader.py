"""Importing the user's module from a reference like `run.py:Runner` and picking the target.

The reference is relative to the working directory (`/src` in an image); the working directory is
put first on `sys.path` so the predictor's sibling modules import as they do in the original.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
from types import ModuleType
from typing import Any, Tuple

from ._deprecation import warn_deprecated
from ._errors import PredictorLoadError

# Names looked up, in order, when a reference has no `:Name` part.
_DEFAULT_NAMES = {"predict": ("Runner", "Predictor", "run", "predict"), "train": ("Trainer", "train")}


def parse_ref(ref: str) -> Tuple[str, str | None]:
    path, sep, name = ref.partition(":")
    if not path:
        raise PredictorLoadError(f'invalid predictor reference "{ref}": expected "file.py:Name"')
    return path, (name or None) if sep else None


def import_module(path: str, ref: str) -> ModuleType:
    if not os.path.isfile(path):
        raise PredictorLoadError(f'predictor file not found: {path} (from "{ref}")')
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    module_name = _module_name(path)
    spec = importlib.util.spec_from_file_location(module_name, os.path.abspath(path))
    if spec is None or spec.loader is None:
        raise PredictorLoadError(f"cannot import {path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        where = f"{path}, line {exc.lineno}" if exc.lineno else path
        raise PredictorLoadError(f"failed to import {path}: SyntaxError: {exc.msg} ({where})") from exc
    except BaseException as exc:  # noqa: BLE001 - any import-time failure is a load failure
        sys.modules.pop(module_name, None)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise PredictorLoadError(f"failed to import {path}: {type(exc).__name__}: {exc}") from exc
    return module


def _module_name(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path), os.getcwd())
    stem = os.path.splitext(relative)[0]
    if stem.startswith(".."):
        stem = os.path.basename(stem)
    return stem.replace(os.sep, ".")


def find_target(module: ModuleType, path: str, name: str | None, mode: str) -> Any:
    """The class or function named by the reference (or found by the default names)."""
    if name is not None:
        if not hasattr(module, name):
            raise PredictorLoadError(f"{path} has no class or function named '{name}'")
        return _check_target(getattr(module, name), path, name)
    present = [n for n in _DEFAULT_NAMES[mode] if inspect.isclass(getattr(module, n, None))
               or inspect.isfunction(getattr(module, n, None))]
    if not present:
        expected = " or ".join(f"'{n}'" for n in _DEFAULT_NAMES[mode])
        raise PredictorLoadError(f"{path} defines none of {expected}; name one in the reference (\"{path}:Name\")")
    if "Runner" in present and "Predictor" in present:
        warn_deprecated("Both Runner and Predictor are defined; using Runner", getattr(module, "Runner"))
    elif present[0] == "Predictor":
        warn_deprecated("Predictor is deprecated; use Runner instead", getattr(module, "Predictor"))
    return _check_target(getattr(module, present[0]), path, present[0])


def _check_target(target: Any, path: str, name: str) -> Any:
    if inspect.isclass(target) or callable(target):
        return target
    raise PredictorLoadError(f"{path}:{name} is not a class or function")
