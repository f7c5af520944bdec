"""Runs `python -m cog._worker` as the Node runtime does: fd 3 in, fd 4 out, length-prefixed JSON."""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

PYTHON_DIR = Path(__file__).resolve().parent.parent


class WorkerHarness:
    def __init__(self, workdir: Path, source: str, ref: str = "run.py:Runner", mode: str = "predict",
                 env: Optional[Dict[str, str]] = None, schema_only: bool = False) -> None:
        (workdir / ref.split(":")[0]).write_text(textwrap.dedent(source))
        p2c_r, self._to_worker = os.pipe()
        self._from_worker, c2p_w = os.pipe()

        def move_pipes() -> None:
            # Duplicate above 10 first so that dup2 onto 3/4 cannot clobber the other end.
            a = fcntl.fcntl(p2c_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(c2p_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        full_env = {**os.environ, "PYTHONPATH": str(PYTHON_DIR), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cog._worker"], cwd=workdir, env=full_env, preexec_fn=move_pipes,
            close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        os.close(p2c_r)
        os.close(c2p_w)
        self._buffer = b""
        self.attachments = 0
        self.send({"type": "init", "predictor_ref": ref, "mode": mode, "schema_only": schema_only, "max_concurrency": 1})

    def send(self, message: Dict[str, Any]) -> None:
        data = json.dumps(message).encode()
        os.write(self._to_worker, struct.pack(">I", len(data)) + data)

    def receive(self, timeout: float = 10.0) -> Optional[Dict[str, Any]]:
        """The next message; one with a text attachment gets its field from the next frame."""
        deadline = time.monotonic() + timeout
        message = self._receive_frame(deadline)
        if message is None:
            return None
        message = json.loads(message)
        field = message.pop("text_attachment", None)
        if field is not None:
            raw = self._receive_frame(deadline)
            assert raw is not None, "worker closed before the attachment"
            message[field] = raw.decode("utf-8")
            self.attachments += 1
        return message

    def _receive_frame(self, deadline: float) -> Optional[bytes]:
        while True:
            if len(self._buffer) >= 4:
                (size,) = struct.unpack(">I", self._buffer[:4])
                if len(self._buffer) >= 4 + size:
                    frame, self._buffer = self._buffer[4:4 + size], self._buffer[4 + size:]
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no frame from the worker")
            ready, _, _ = select.select([self._from_worker], [], [], remaining)
            if ready:
                chunk = os.read(self._from_worker, 65536)
                if not chunk:
                    return None
                self._buffer += chunk

    def receive_until(self, kind: str, timeout: float = 10.0) -> List[Dict[str, Any]]:
        """Frames up to and including the first of type `kind`."""
        frames = []
        while True:
            frame = self.receive(timeout)
            if frame is None:
                raise EOFError(f"worker closed before {kind}: {frames}")
            frames.append(frame)
            if frame["type"] == kind:
                return frames

    def close(self) -> int:
        try:
            os.close(self._to_worker)
        except OSError:
            pass
        try:
            code = self.process.wait(10)
        finally:
            os.close(self._from_worker)
            self.process.stdout.close()  # type: ignore[union-attr]
            self.process.stderr.close()  # type: ignore[union-attr]
        return code
