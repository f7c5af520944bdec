"""Shared fixtures: the SDK from this checkout, and predictors written into a temp working dir."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path
from typing import Callable, Iterator

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

from cog._predictor import LoadedPredictor, load_predictor  # noqa: E402

HEADER = """\
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional, Union
from cog import (AsyncConcatenateIterator, BaseModel, BasePredictor, BaseRunner, ConcatenateIterator,
                 File, Input, Path, Secret, concurrent, streaming)
"""


@pytest.fixture(scope="session", autouse=True)
def session_tmp() -> Iterator[Path]:
    """Every temp file of the run in one directory, removed at the end.

    The SDK copies file-like outputs into `$TMPDIR/cog-output-*` directories that the server
    deletes after uploading; in tests no server does, so without this each run left ~120 of them
    in /tmp. `tempfile.tempdir` covers this process, `TMPDIR` the worker subprocesses.
    """
    directory = Path(tempfile.mkdtemp(prefix="cog-sdk-tests-"))
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(directory)
    os.environ["TMPDIR"] = str(directory)
    try:
        yield directory
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


@pytest.fixture
def load(workdir: Path) -> Callable[..., LoadedPredictor]:
    """load(source, ref="run.py:Runner", mode="predict"): write run.py (with common imports) and load it."""
    counter = {"n": 0}

    def _load(source: str, ref: str = "Runner", mode: str = "predict", header: bool = True) -> LoadedPredictor:
        # A fresh module name per call: sys.modules must not hand back an earlier test's module.
        counter["n"] += 1
        name = f"pred{counter['n']}_{os.getpid()}.py"
        (workdir / name).write_text((HEADER if header else "") + textwrap.dedent(source))
        with warnings.catch_warnings(record=True):  # rename warnings are asserted in test_loading.py
            return load_predictor(f"{name}:{ref}" if ref else name, mode)

    return _load


def properties(predictor: LoadedPredictor, component: str = "Input") -> dict:
    return predictor.schema["components"]["schemas"][component]["properties"]
