"""`python -m cog.command.openapi_schema`: reference discovery, merge, failure exit code."""

import json
import subprocess
import sys
from pathlib import Path

from cog.command.openapi_schema import refs_from_cog_yaml

PYTHON_DIR = Path(__file__).resolve().parent.parent

RUNNER = "from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self, x: int) -> int:\n        return x\n"
TRAINER = "def train(steps: int = 1) -> str:\n    return 'ok'\n"


def _run(workdir, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "cog.command.openapi_schema", *args], cwd=workdir, capture_output=True, text=True,
        env={"PYTHONPATH": str(PYTHON_DIR), "PATH": "/usr/bin:/bin", **(env or {})},
    )


def test_refs_from_cog_yaml(workdir):
    (workdir / "cog.yaml").write_text(
        'build:\n  python_version: "3.11"\n  run: "nested.py:No"\nrun: "run.py:Runner"  # comment\ntrain: train.py:train\n'
    )
    assert refs_from_cog_yaml() == {"run": "run.py:Runner", "train": "train.py:train"}


def test_prints_merged_schema(workdir):
    (workdir / "run.py").write_text(RUNNER)
    (workdir / "train.py").write_text(TRAINER)
    (workdir / "cog.yaml").write_text("predict: 'run.py:Runner'\ntrain: train.py:train\n")
    result = _run(workdir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "/predictions" in doc["paths"] and "/trainings" in doc["paths"]
    assert doc["components"]["schemas"]["Input"]["required"] == ["x"]
    assert "steps" in doc["components"]["schemas"]["TrainingInput"]["properties"]


def test_env_stub_and_failure(workdir):
    (workdir / "run.py").write_text(RUNNER)
    ok = _run(workdir, env={"COG_PREDICT_TYPE_STUB": "run.py:Runner"})
    assert ok.returncode == 0 and "/trainings" not in json.loads(ok.stdout)["paths"]
    missing = _run(workdir, "--run", "run.py:Nope")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "ERROR: run.py has no class or function named 'Nope'"
    nothing = _run(workdir)
    assert nothing.returncode == 1 and "no predict or train reference found" in nothing.stderr
