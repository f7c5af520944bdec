"""The worker process loop (`cog._worker`) against the protocol of docs/runtime-protocol.md."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from worker_harness import WorkerHarness

SYNC = """
import time
from typing import Iterator
from cog import BaseRunner, current_scope

class Runner(BaseRunner):
    def setup(self) -> None:
        print("setting up")

    def run(self, text: str, sleep: float = 0.0) -> str:
        print("hello", text)
        current_scope().record_metric("chars", len(text))
        if text == "boom":
            raise ValueError("bad text")
        if sleep:
            time.sleep(sleep)
        return text.upper()
"""


@pytest.fixture
def sync_worker(tmp_path: Path):
    worker = WorkerHarness(tmp_path, SYNC)
    frames = worker.receive_until("ready")
    assert [f["type"] for f in frames] == ["schema", "log", "ready"]
    yield worker
    worker.close()


def test_schema_frame_then_setup_logs_then_ready(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, SYNC)
    schema, log, ready = worker.receive_until("ready")
    assert schema["type"] == "schema"
    assert schema["is_async"] is False and schema["is_stream"] is False
    assert schema["max_concurrency"] is None
    assert schema["has_healthcheck"] is False
    assert schema["schema"]["components"]["schemas"]["Input"]["required"] == ["text"]
    assert log == {"type": "log", "id": None, "stream": "stdout", "data": "setting up\n"}
    assert ready == {"type": "ready"}
    assert worker.close() == 0


def test_prediction_logs_metrics_and_done(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "predict", "id": "p1", "input": {"text": "ab", "sleep": 0}, "context": {}})
    assert sync_worker.receive_until("done") == [
        {"type": "log", "id": "p1", "stream": "stdout", "data": "hello ab\n"},
        {"type": "metric", "id": "p1", "name": "chars", "value": 2, "mode": "replace"},
        {"type": "done", "id": "p1", "output": "AB", "is_stream": False},
    ]


def test_warmup_is_answered_without_running_user_code(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "warmup", "id": "warmup_1"})
    assert sync_worker.receive_until("warmed") == [{"type": "warmed", "id": "warmup_1"}]
    # The prediction after it is the first one for the predictor: its logs and metrics are its own.
    sync_worker.send({"type": "predict", "id": "p1", "input": {"text": "ab", "sleep": 0}, "context": {}})
    assert sync_worker.receive_until("done")[-1] == {"type": "done", "id": "p1", "output": "AB", "is_stream": False}


def test_long_string_outputs_travel_as_raw_text_attachments(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
from typing import Iterator
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, n: int) -> Iterator[str]:
        yield 'a "quoted" line\\n\\\\ é ✓ ' * n
        yield 'short'
""")
    worker.receive_until("ready")
    text = 'a "quoted" line\n\\ é ✓ ' * 5000
    worker.send({"type": "predict", "id": "p1", "input": {"n": 5000}, "context": {}})
    frames = worker.receive_until("done")
    assert [f.get("value") for f in frames if f["type"] == "output"] == [text, "short"]
    assert worker.attachments == 1, "only the long item is an attachment"
    worker.close()


def test_exception_is_a_failed_frame_with_traceback(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "predict", "id": "p2", "input": {"text": "boom", "sleep": 0}, "context": {}})
    failed = sync_worker.receive_until("failed")[-1]
    assert failed["error"] == "bad text"
    assert failed["traceback"].startswith("Traceback (most recent call last):")
    assert failed["traceback"].endswith("ValueError: bad text\n")


def test_cancel_interrupts_a_blocking_sleep(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "predict", "id": "p3", "input": {"text": "x", "sleep": 30}, "context": {}})
    sync_worker.receive_until("metric")
    started = time.monotonic()
    sync_worker.send({"type": "cancel", "id": "p3"})
    sync_worker.process.send_signal(signal.SIGUSR1)
    assert sync_worker.receive_until("canceled")[-1] == {"type": "canceled", "id": "p3"}
    assert time.monotonic() - started < 3
    # The worker is still usable, and a stray SIGUSR1 outside a prediction is harmless.
    sync_worker.process.send_signal(signal.SIGUSR1)
    sync_worker.send({"type": "predict", "id": "p4", "input": {"text": "y", "sleep": 0}, "context": {}})
    assert sync_worker.receive_until("done")[-1]["output"] == "Y"


def test_cancel_before_start_cancels(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "cancel", "id": "early"})
    sync_worker.send({"type": "predict", "id": "early", "input": {"text": "x", "sleep": 0}, "context": {}})
    assert sync_worker.receive_until("canceled")[-1] == {"type": "canceled", "id": "early"}


def test_shutdown_exits_zero(sync_worker: WorkerHarness) -> None:
    sync_worker.send({"type": "shutdown"})
    assert sync_worker.process.wait(10) == 0


def test_iterator_outputs_stream_item_by_item(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
from typing import Iterator
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, n: int) -> Iterator[str]:
        for i in range(n):
            yield f"t{i}"
""")
    worker.receive_until("ready")
    worker.send({"type": "predict", "id": "it", "input": {"n": 2}, "context": {}})
    assert worker.receive_until("done") == [
        {"type": "output", "id": "it", "value": "t0"},
        {"type": "output", "id": "it", "value": "t1"},
        {"type": "done", "id": "it", "is_stream": True},
    ]
    worker.close()


ASYNC = """
import asyncio
from typing import AsyncIterator
from cog import BaseRunner, concurrent, current_scope

class Runner(BaseRunner):
    @concurrent(max=4)
    async def run(self, text: str, sleep: float = 0.0) -> str:
        print("start", text, current_scope().context.get("who"))
        await asyncio.sleep(sleep)
        print("end", text)
        return text

    async def healthcheck(self) -> bool:
        return True
"""


def test_async_predictions_interleave_with_separate_logs_and_cancel(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, ASYNC)
    schema = worker.receive_until("ready")[0]
    assert schema["is_async"] is True and schema["max_concurrency"] == 4
    worker.send({"type": "predict", "id": "slow", "input": {"text": "s", "sleep": 30}, "context": {"who": "me"}})
    worker.send({"type": "predict", "id": "fast", "input": {"text": "f", "sleep": 0.05}, "context": {}})
    frames = worker.receive_until("done")
    assert frames[-1] == {"type": "done", "id": "fast", "output": "f", "is_stream": False}
    logs = [(f["id"], f["data"]) for f in frames if f["type"] == "log"]
    assert ("slow", "start s me\n") in logs and ("fast", "start f None\n") in logs and ("fast", "end f\n") in logs
    worker.send({"type": "cancel", "id": "slow"})
    assert worker.receive_until("canceled")[-1] == {"type": "canceled", "id": "slow"}
    worker.send({"type": "healthcheck", "id": "hc1"})
    assert worker.receive_until("healthcheck_result")[-1] == {"type": "healthcheck_result", "id": "hc1", "status": "healthy"}
    worker.send({"type": "warmup", "id": "warmup_1"})
    assert worker.receive_until("warmed") == [{"type": "warmed", "id": "warmup_1"}]
    worker.close()


def test_healthcheck_that_raises_is_unhealthy(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
from cog import BaseRunner

class Runner(BaseRunner):
    def healthcheck(self) -> bool:
        raise RuntimeError("gpu gone")

    def run(self, text: str) -> str:
        return text
""")
    worker.receive_until("ready")
    worker.send({"type": "healthcheck", "id": "h"})
    assert worker.receive_until("healthcheck_result")[-1] == {
        "type": "healthcheck_result", "id": "h", "status": "unhealthy",
        "error": "Healthcheck failed: RuntimeError: gpu gone",
    }
    worker.close()


def test_setup_failure_reports_and_exits_one(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
from cog import BaseRunner

class Runner(BaseRunner):
    def setup(self) -> None:
        raise RuntimeError("boom")

    def run(self, text: str) -> str:
        return text
""")
    failed = worker.receive_until("setup_failed")[-1]
    assert failed["error"] == "RuntimeError: boom"
    assert "RuntimeError: boom" in failed["traceback"]
    assert worker.close() == 1


def test_load_failure_and_schema_mode(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, "import nope_not_here\n")
    failed = worker.receive_until("load_failed")[-1]
    assert "nope_not_here" in failed["error"]
    assert worker.close() == 1
    schema_worker = WorkerHarness(tmp_path, SYNC, ref="ok.py:Runner", schema_only=True)
    assert schema_worker.receive()["type"] == "schema"
    assert schema_worker.receive() is None  # no setup in schema mode
    assert schema_worker.close() == 0


def test_fd_level_output_does_not_touch_the_control_pipe(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
import os
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        os.write(1, b"raw fd write\\n")
        return text
""")
    worker.receive_until("ready")
    worker.send({"type": "predict", "id": "r", "input": {"text": "x"}, "context": {}})
    assert worker.receive_until("done")[-1]["output"] == "x"
    worker.close()
    assert worker.process.returncode == 0


def test_stream_surface_used_by_libraries(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
import logging, sys
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        sys.stdout.buffer.write(b"bytes\\n")
        sys.stderr.writelines(["a", "b\\n"])
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        logging.info("logged")
        print("isatty", sys.stdout.isatty(), sys.stdout.name)
        return text
""")
    worker.receive_until("ready")
    worker.send({"type": "predict", "id": "s", "input": {"text": "x"}, "context": {}})
    logs = [(f["stream"], f["data"]) for f in worker.receive_until("done") if f["type"] == "log"]
    assert logs == [("stdout", "bytes\n"), ("stderr", "ab\n"), ("stderr", "logged\n"), ("stdout", "isatty False <stdout>\n")]
    worker.close()


def test_async_generator_streams_items_as_they_are_produced(tmp_path: Path) -> None:
    worker = WorkerHarness(tmp_path, """
import asyncio
from typing import AsyncIterator
from cog import BaseRunner

class Runner(BaseRunner):
    async def run(self, n: int) -> AsyncIterator[str]:
        for i in range(n):
            yield f"a{i}"
            await asyncio.sleep(0.2 if i == 0 else 30)
""")
    assert worker.receive_until("ready")[0]["is_stream"] is True
    worker.send({"type": "predict", "id": "ag", "input": {"n": 3}, "context": {}})
    # The first item arrives while the generator is still running (not pre-collected).
    assert worker.receive(5) == {"type": "output", "id": "ag", "value": "a0"}
    assert worker.receive(5) == {"type": "output", "id": "ag", "value": "a1"}
    worker.send({"type": "cancel", "id": "ag"})
    assert worker.receive_until("canceled")[-1] == {"type": "canceled", "id": "ag"}
    worker.close()


EXITING = """
import sys
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, code: int = -1) -> str:
        if code == 0:
            sys.exit()
        if code > 0:
            sys.exit(code)
        return "ok"
"""

EXITING_ASYNC = """
import asyncio
import sys
from cog import BaseRunner

async def leave(code):
    sys.exit(code)

class Runner(BaseRunner):
    async def run(self, code: int = -1, nested: bool = False) -> str:
        if code >= 0 and nested:
            await asyncio.create_task(leave(code))
        if code >= 0:
            sys.exit(code)
        return "ok"
"""


@pytest.mark.parametrize("source", [EXITING, EXITING_ASYNC], ids=["sync", "async"])
def test_sys_exit_fails_the_prediction_and_the_worker_keeps_serving(tmp_path: Path, source: str) -> None:
    worker = WorkerHarness(tmp_path, source)
    worker.receive_until("ready")
    cases = [({"code": 3}, "SystemExit(3): "), ({"code": 0}, "SystemExit")]
    if source is EXITING_ASYNC:
        # asyncio re-raises a nested task's SystemExit out of the event loop.
        cases.append(({"code": 4, "nested": True}, "SystemExit(4): "))
    for n, (payload, prefix) in enumerate(cases):
        worker.send({"type": "predict", "id": f"x{n}", "input": payload, "context": {}})
        failed = worker.receive_until("failed", timeout=5)[-1]
        assert failed["error"].startswith(prefix), failed["error"]
        assert "sys.exit() was called inside the prediction" in failed["error"]
        assert failed["traceback"].rstrip().splitlines()[-1].startswith("SystemExit")
    worker.send({"type": "predict", "id": "after", "input": {}, "context": {}})
    assert worker.receive_until("done", timeout=5)[-1]["output"] == "ok"
    assert worker.process.poll() is None
    worker.close()


LOADED = """
import sys
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, module: str) -> bool:
        return module in sys.modules
"""


def test_a_sync_predictor_never_loads_asyncio(tmp_path: Path) -> None:
    # asyncio (with ssl) is ~8 MB of the worker's RSS; only async code needs the loop.
    worker = WorkerHarness(tmp_path, LOADED)
    worker.receive_until("ready")
    worker.send({"type": "predict", "id": "p1", "input": {"module": "asyncio"}, "context": {}})
    assert worker.receive_until("done")[-1] == {"type": "done", "id": "p1", "output": False, "is_stream": False}
    worker.send({"type": "predict", "id": "p2", "input": {"module": "cog._predictor"}, "context": {}})
    assert worker.receive_until("done")[-1]["output"] is True
    assert worker.close() == 0
