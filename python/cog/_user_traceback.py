"""Tracebacks as the model author needs them: their own frames, not the SDK's.

A predictor that fails to import, set up or predict is reported with the frames of the user's
code (and of the libraries it calls) only; the SDK's own frames, the import machinery's
`<frozen ...>` frames and the standard library's are dropped, and an import failure shows the
user's exception rather than our `PredictorLoadError` wrapper. With `COG_LOG_LEVEL=debug`
(`cog ... --debug`) the whole traceback is kept.
"""

from __future__ import annotations

import os
import sysconfig
import traceback
from typing import List

_SDK_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_STDLIB_DIRS = tuple(
    os.path.abspath(p) + os.sep
    for p in {sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("platstdlib")}
    if p
)


def _is_internal(filename: str) -> bool:
    if filename.startswith("<"):
        return True
    path = os.path.abspath(filename)
    if path.startswith(_SDK_DIR):
        return True
    # site-packages lives under the stdlib directory on some layouts: those are the user's.
    if "site-packages" in path or "dist-packages" in path:
        return False
    return path.startswith(_STDLIB_DIRS)


def format_user_traceback(error: BaseException, full: bool | None = None) -> str:
    if full is None:
        full = os.environ.get("COG_LOG_LEVEL", "").lower() == "debug"
    if full:
        return "".join(traceback.format_exception(type(error), error, error.__traceback__))
    from ._errors import PredictorLoadError

    shown = error
    if isinstance(error, PredictorLoadError) and error.__cause__ is not None:
        shown = error.__cause__
    frames = [f for f in traceback.extract_tb(shown.__traceback__) if not _is_internal(f.filename)]
    lines: List[str] = []
    if frames:
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(frames))
    lines.extend(traceback.format_exception_only(type(shown), shown))
    return "".join(lines)
