"""`python -m cog.server.http` hands over to the Node runtime with the same flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cog.server import http as shim

PYTHON_DIR = Path(__file__).resolve().parent.parent


def test_command_passes_flags_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COG_RUNTIME_JS", raising=False)
    monkeypatch.delenv("COG_NODE", raising=False)
    monkeypatch.delenv("COG_NODE_FLAGS", raising=False)
    assert shim.command(["--upload-url", "http://u/", "--x-mode", "train"]) == [
        "node", "--max-semi-space-size=1", "--no-opt", "--no-maglev", "--expose-gc", "/usr/local/lib/cog/coglet.mjs",
        "--upload-url", "http://u/", "--x-mode", "train",
    ]


def test_node_flags_can_be_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COG_NODE", "node")
    monkeypatch.setenv("COG_RUNTIME_JS", "/r.mjs")
    monkeypatch.setenv("COG_NODE_FLAGS", "--max-old-space-size=512  --max-semi-space-size=4")
    assert shim.command([]) == ["node", "--max-old-space-size=512", "--max-semi-space-size=4", "/r.mjs"]
    monkeypatch.setenv("COG_NODE_FLAGS", "")
    assert shim.command(["--x"]) == ["node", "/r.mjs", "--x"]


def test_exec_replaces_the_process(tmp_path: Path) -> None:
    script = tmp_path / "fake.mjs"
    script.write_text("")
    env = {**os.environ, "PYTHONPATH": str(PYTHON_DIR), "COG_RUNTIME_JS": str(script), "COG_NODE": "echo",
           "COG_NODE_FLAGS": ""}
    result = subprocess.run([sys.executable, "-m", "cog.server.http", "--await-explicit-shutdown", "true"],
                            env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert result.stdout == f"{script} --await-explicit-shutdown true\n"


def test_the_worker_interpreter_is_this_python(tmp_path: Path) -> None:
    script = tmp_path / "fake.mjs"
    script.write_text('echo "$COG_PYTHON"\n')
    env = {k: v for k, v in os.environ.items() if k != "COG_PYTHON"}
    env.update(PYTHONPATH=str(PYTHON_DIR), COG_RUNTIME_JS=str(script), COG_NODE="sh", COG_NODE_FLAGS="")
    result = subprocess.run([sys.executable, "-m", "cog.server.http"], env=env, capture_output=True, text=True, timeout=30)
    assert result.stdout == f"{sys.executable}\n"


def test_missing_runtime_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PYTHON_DIR), "COG_RUNTIME_JS": str(tmp_path / "missing.mjs")}
    result = subprocess.run([sys.executable, "-m", "cog.server.http"], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"the Cog runtime is missing: {tmp_path / 'missing.mjs'} does not exist" in result.stderr
