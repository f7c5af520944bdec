"""Whole OpenAPI documents pinned as golden files (python/tests/golden/*.json).

A change to the skeleton or to any rule shows up here as a reviewable diff. Refresh on purpose
with `UPDATE_GOLDEN=1 python3 -m pytest python/tests/test_golden_documents.py`.
"""

import json
import os
from pathlib import Path

import pytest

from test_worked_example import SOURCE as WORKED_EXAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden"

TRAINER = """
class TrainingOutput(BaseModel):
    weights: Path
    loss: Optional[float] = None

class Trainer(BaseRunner):
    def train(self,
        data: Path = Input(description="Training data", accept=".zip"),
        epochs: int = Input(default=3, ge=1),
        lr: float = 1e-4,
        token: Secret = Input(default=None),
    ) -> TrainingOutput: ...
"""

CASES = {
    "worked-example.predict.json": (WORKED_EXAMPLE, "Predictor", "predict"),
    "trainer.train.json": (TRAINER, "Trainer", "train"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_document(load, name):
    source, ref, mode = CASES[name]
    actual = json.dumps(load(source, ref=ref, mode=mode).schema, indent=2) + "\n"
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual)
    assert actual == path.read_text()
