"""The user sees their own frames of a failure, not the SDK's (unless --debug)."""

import os

import pytest

from cog._errors import PredictorLoadError
from cog._loader import import_module
from cog._user_traceback import format_user_traceback


def _load_error(tmp_path, monkeypatch, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PredictorLoadError) as info:
        import_module("run.py", "run.py:Runner")
    return info.value


def test_syntax_error_shows_only_the_users_line(tmp_path, monkeypatch):
    error = _load_error(tmp_path, monkeypatch, {"run.py": "def run(self) -> str\n    return 1\n"})
    text = format_user_traceback(error, full=False)
    assert "SyntaxError: expected ':'" in text
    assert 'run.py", line 1' in text
    assert "cog/" not in text and "<frozen" not in text and "PredictorLoadError" not in text


def test_import_failure_keeps_the_users_frames_in_order(tmp_path, monkeypatch):
    error = _load_error(
        tmp_path,
        monkeypatch,
        {"run.py": "import helper_mod_x\n", "helper_mod_x.py": "def f():\n    return 1/0\nf()\n"},
    )
    text = format_user_traceback(error, full=False)
    lines = [l for l in text.splitlines() if l.startswith("  File ")]
    assert [os.path.basename(l.split('"')[1]) for l in lines] == ["run.py", "helper_mod_x.py", "helper_mod_x.py"]
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "_loader.py" not in text


def test_debug_keeps_everything(tmp_path, monkeypatch):
    error = _load_error(tmp_path, monkeypatch, {"run.py": "raise ValueError('boom')\n"})
    monkeypatch.setenv("COG_LOG_LEVEL", "debug")
    text = format_user_traceback(error)
    assert "_loader.py" in text and "PredictorLoadError" in text and "ValueError: boom" in text
