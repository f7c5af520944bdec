"""`@cog.batch`: the schema describes one item, `predict_batch` calls run() once with lists and
answers one terminal frame per id (docs/runtime-protocol.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker_harness import WorkerHarness

BATCH = """
import cog
from cog import BaseRunner, Input, current_scope

class Runner(BaseRunner):
    @cog.batch(max_size=8, max_wait_ms=5)
    def run(self, text: list[str], times: list[int] = Input(default=1, ge=1)) -> list[str]:
        print("batch of", len(text))
        current_scope().record_metric("batch", len(text))
        if "explode" in text:
            raise RuntimeError("whole batch failed")
        if "short" in text:
            return ["only one"]
        return [ValueError("no bad") if t == "bad" else t * n for t, n in zip(text, times)]
"""


@pytest.fixture
def batch_worker(tmp_path: Path):
    worker = WorkerHarness(tmp_path, BATCH)
    frames = worker.receive_until("ready")
    yield worker, frames[0]
    worker.close()


def _batch(worker: WorkerHarness, inputs: list) -> list:
    ids = [f"p{i}" for i in range(len(inputs))]
    worker.send({"type": "predict_batch", "batch_id": "b1", "ids": ids, "inputs": inputs, "contexts": [{}] * len(ids)})
    frames = []
    pending = set(ids)
    while pending:
        frame = worker.receive()
        assert frame is not None
        frames.append(frame)
        if frame["type"] in ("done", "failed", "canceled"):
            pending.discard(frame["id"])
    return frames


def test_schema_is_per_item_and_reports_the_batch(batch_worker) -> None:
    _, schema = batch_worker
    assert schema["batch"] == {"max_size": 8, "max_wait_ms": 5.0}
    components = schema["schema"]["components"]["schemas"]
    assert components["Input"]["properties"]["text"]["type"] == "string"
    assert components["Input"]["properties"]["times"]["type"] == "integer"
    assert components["Output"]["type"] == "string"


def test_one_call_split_per_id_with_per_item_and_per_request_errors(batch_worker) -> None:
    worker, _ = batch_worker
    frames = _batch(worker, [{"text": "a", "times": 2}, {"text": "bad"}, {"text": "c"}, {"text": "d", "times": 0}])
    # A coercion error (times < 1 is checked at the edge too; here: a value the SDK refuses)
    # fails only its own prediction, before the call; the call itself runs once for the rest.
    logs = [f for f in frames if f["type"] == "log"]
    assert logs == [{"type": "log", "id": "b1", "stream": "stdout", "data": "batch of 3\n"}]
    metrics = [f for f in frames if f["type"] == "metric"]
    assert metrics == [{"type": "metric", "id": "b1", "name": "batch", "value": 3, "mode": "replace"}]
    terminal = {f["id"]: f for f in frames if f["type"] in ("done", "failed")}
    assert terminal["p0"] == {"type": "done", "id": "p0", "output": "aa", "is_stream": False}
    assert terminal["p1"]["type"] == "failed" and terminal["p1"]["error"] == "no bad"
    assert terminal["p2"] == {"type": "done", "id": "p2", "output": "c", "is_stream": False}
    assert terminal["p3"]["type"] == "failed"


def test_an_exception_fails_the_batch_and_a_wrong_length_is_named(batch_worker) -> None:
    worker, _ = batch_worker
    failed = [f for f in _batch(worker, [{"text": "x"}, {"text": "explode"}]) if f["type"] == "failed"]
    assert [f["error"] for f in failed] == ["whole batch failed", "whole batch failed"]
    short = [f for f in _batch(worker, [{"text": "short"}, {"text": "y"}]) if f["type"] == "failed"]
    assert [f["error"] for f in short] == [
        "@batch run() must return a list with one result per input: 2 inputs, got 1 results"
    ] * 2


def test_a_batch_method_must_take_lists(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
import cog
from cog import BaseRunner

class Runner(BaseRunner):
    @cog.batch(max_size=4, max_wait_ms=5)
    def run(self, text: str) -> list[str]:
        return [text]
""")
    failed = worker.receive_until("load_failed")[-1]
    assert failed["error"] == "SchemaError: @batch: input 'text' must be a list (list[...]), got str"
    worker.close()
