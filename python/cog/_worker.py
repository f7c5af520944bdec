"""The worker process the Node runtime (coglet) starts: `python -m cog._worker`.

Owns the process loop of docs/runtime-protocol.md: length-prefixed JSON frames on fd 3 (from the
parent) and fd 4 (to the parent), loading the predictor through `cog._predictor`, `setup()`,
per-prediction capture of `sys.stdout`/`sys.stderr`, sync predictions on the main thread (so that
SIGUSR1 can interrupt a blocking call with `CancelationException`), async predictions as tasks on
one asyncio loop running in a background thread, iterator outputs streamed item by item, and the
user's `healthcheck()`.

Threads: the main thread runs setup and sync predictions; a reader thread decodes control frames
(cancel and healthcheck are handled there directly, because the main thread may be busy); the loop
thread runs every coroutine (started on first use, so a sync predictor never imports asyncio).
Frames are written under one lock, and SIGUSR1 never interrupts a frame write (a half-written
frame would corrupt the channel).

One module (about 450 lines) on purpose: the channel, the captured streams and the loop share the
cancellation state of the main thread, and splitting them would spread that invariant over files.
"""

from __future__ import annotations

import collections.abc
import inspect
import json
import os
import platform
import queue
import signal
import struct
import sys
import threading
from typing import Any, Dict, Optional, Set

from cog import _scope
from cog._user_traceback import format_user_traceback

CONTROL_IN_FD = 3
CONTROL_OUT_FD = 4
HEALTHCHECK_TIMEOUT = 5.0


class _CancelFallback(BaseException):
    """Used only when the SDK does not export `CancelationException` (never in a released wheel)."""


def _cancel_exception() -> type:
    try:
        from cog.exceptions import CancelationException

        return CancelationException
    except Exception:  # noqa: BLE001 - the SDK failing to import is reported by load_predictor
        return _CancelFallback


class Channel:
    """Both control pipes: 4-byte big-endian length + UTF-8 JSON per frame."""

    def __init__(self, in_fd: int, out_fd: int) -> None:
        self._in = in_fd
        self._out = out_fd
        self._lock = threading.Lock()
        self.main_thread_writing = False
        self.pending_cancel = False

    def _read_exact(self, n: int) -> Optional[bytes]:
        chunks = []
        while n > 0:
            chunk = os.read(self._in, n)
            if not chunk:
                return None
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def read(self) -> Optional[Dict[str, Any]]:
        header = self._read_exact(4)
        if header is None:
            return None
        (size,) = struct.unpack(">I", header)
        body = self._read_exact(size)
        return None if body is None else json.loads(body.decode("utf-8"))

    def send(self, message: Dict[str, Any]) -> None:
        attachment = _text_attachment(message)
        if attachment is not None:
            field, text = attachment
            message = {k: v for k, v in message.items() if k != field}
            message["text_attachment"] = field
        data = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        parts = [struct.pack(">I", len(data)), data]
        if attachment is not None:
            raw = attachment[1].encode("utf-8")
            parts += [struct.pack(">I", len(raw)), raw]
        frame = b"".join(parts)
        in_main = threading.current_thread() is threading.main_thread()
        with self._lock:
            if in_main:
                self.main_thread_writing = True
            try:
                view = memoryview(frame)
                while view:
                    written = os.write(self._out, view)
                    view = view[written:]
            finally:
                if in_main:
                    self.main_thread_writing = False
        if in_main and self.pending_cancel:
            self.pending_cancel = False
            raise _cancel_exception()()


# A string output at least this long goes as a raw UTF-8 attachment (docs/runtime-protocol.md):
# the json module escapes a string one character at a time, 2.5 ms per MB of plain text and over
# 5 ms with newlines, which was most of the cost of a large output.
ATTACHMENT_MIN_CHARS = 64 * 1024


def _text_attachment(message: Dict[str, Any]) -> Optional[tuple]:
    """(field, text) when the frame's output or iterator item is a long string."""
    field = "output" if message.get("type") == "done" else "value" if message.get("type") == "output" else None
    if field is None:
        return None
    value = message.get(field)
    if type(value) is str and len(value) >= ATTACHMENT_MIN_CHARS:
        return field, value
    return None


class CapturedStream:
    """Replaces sys.stdout/sys.stderr: routes text to the current prediction as `log` frames."""

    def __init__(self, name: str, channel: Channel, original: Any) -> None:
        self.name_of_stream = name
        self._channel = channel
        self._original = original
        self._buffers: Dict[Optional[str], str] = {}
        self._lock = threading.Lock()

    # File-like surface used by print(), logging and libraries that inspect the stream.
    encoding = "utf-8"
    errors = "replace"
    closed = False
    line_buffering = True

    @property
    def name(self) -> str:
        return f"<{self.name_of_stream}>"

    @property
    def buffer(self) -> "_BinaryAdapter":
        """`sys.stdout.buffer.write(b"...")` as some libraries do: decoded and captured too."""
        return _BinaryAdapter(self)

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._original.fileno()

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        scope = _scope.current()
        key = scope.prediction_id if scope is not None else None
        with self._lock:
            pending = self._buffers.get(key, "") + text
            cut = pending.rfind("\n") + 1
            self._buffers[key] = pending[cut:]
            ready = pending[:cut]
        if ready:
            self._emit(key, ready)
        return len(text)

    def flush(self) -> None:
        scope = _scope.current()
        self.flush_key(scope.prediction_id if scope is not None else None)

    def flush_key(self, key: Optional[str]) -> None:
        with self._lock:
            rest = self._buffers.pop(key, "")
        if rest:
            self._emit(key, rest)

    def _emit(self, key: Optional[str], data: str) -> None:
        self._channel.send({"type": "log", "id": key, "stream": self.name_of_stream, "data": data})


class _BinaryAdapter:
    def __init__(self, text: CapturedStream) -> None:
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()

    def writable(self) -> bool:
        return True


class Worker:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.predictor: Any = None
        self.is_async = False
        self._loop: Any = None
        self._loop_lock = threading.Lock()
        self.work: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()
        self.cancel_requested: Set[str] = set()
        self.tasks: Dict[str, "asyncio.Task[None]"] = {}
        self.active_sync: Optional[str] = None
        self.cancel_raised = False
        self.streams: list[CapturedStream] = []

    # ---- start-up -------------------------------------------------------------------------
    def run(self) -> int:
        init = self.channel.read()
        if init is None or init.get("type") != "init":
            return 2
        self._capture_output()
        if not self._load(init["predictor_ref"], init.get("mode") or "predict"):
            return 1
        if init.get("schema_only"):
            return 0
        if self.is_async:
            self._warm_loop()
        if not self._setup():
            return 1
        signal.signal(signal.SIGUSR1, self._on_sigusr1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_without_sigusr1(self._read_control), name="cog-control", daemon=True).start()
        self.channel.send({"type": "ready"})
        return self._serve()

    @property
    def loop(self) -> Any:
        """The event loop of async predictors and awaitable results, started on first use: a
        sync predictor never needs one, and importing asyncio costs ~8 MB of RSS (ssl)."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = _asyncio().new_event_loop()
                loop = self._loop
                threading.Thread(target=_without_sigusr1(lambda: _serve_loop(loop)), name="cog-asyncio", daemon=True).start()
            return self._loop

    def _warm_loop(self) -> None:
        """An async predictor's loop is started, and has run a task, before setup: the first
        prediction would pay for the asyncio import and the loop's first run otherwise."""
        async def noop() -> None:
            _asyncio().current_task()

        _asyncio().run_coroutine_threadsafe(noop(), self.loop).result()

    def _capture_output(self) -> None:
        out = CapturedStream("stdout", self.channel, sys.__stdout__)
        err = CapturedStream("stderr", self.channel, sys.__stderr__)
        self.streams = [out, err]
        sys.stdout = out  # type: ignore[assignment]
        sys.stderr = err  # type: ignore[assignment]

    def _load(self, ref: str, mode: str) -> bool:
        try:
            from cog import _predictor

            self.predictor = _predictor.load_predictor(ref, mode)
            self.is_async = bool(self.predictor.is_async)
            self.channel.send(
                {
                    "type": "schema",
                    "schema": self.predictor.schema,
                    "is_async": self.is_async,
                    "is_stream": bool(self.predictor.is_stream),
                    "max_concurrency": self.predictor.max_concurrency,
                    "has_healthcheck": bool(getattr(self.predictor, "has_healthcheck", True)),
                    "batch": getattr(self.predictor, "batch", None),
                    "python_version": platform.python_version(),
                    "sdk_version": _sdk_version(),
                }
            )
            return True
        except BaseException as e:  # noqa: BLE001 - any import error is a load failure
            self._flush_logs(None)
            self.channel.send({"type": "load_failed", "error": _one_line(e), "traceback": format_user_traceback(e)})
            return False

    def _setup(self) -> bool:
        try:
            result = self.predictor.setup(os.environ.get("COG_WEIGHTS") or None)
            if inspect.isawaitable(result):
                _asyncio().run_coroutine_threadsafe(_awaitable_to_coro(result), self.loop).result()
            self._flush_logs(None)
            return True
        except BaseException as e:  # noqa: BLE001
            self._flush_logs(None)
            self.channel.send({"type": "setup_failed", "error": _one_line(e), "traceback": format_user_traceback(e)})
            return False

    # ---- control ----------------------------------------------------------------------------
    def _read_control(self) -> None:
        while True:
            try:
                message = self.channel.read()
            except Exception:  # noqa: BLE001 - a broken pipe means the parent is gone
                message = None
            if message is None:
                self.work.put(None)
                return
            kind = message.get("type")
            if kind == "cancel":
                self._cancel(message["id"])
            elif kind == "healthcheck":
                target = _without_sigusr1(lambda hid=message["id"]: self._healthcheck(hid))
                threading.Thread(target=target, daemon=True).start()
            else:
                self.work.put(message)

    def _serve(self) -> int:
        while True:
            message = self.work.get()
            if message is None:
                self._flush_logs(None)
                return 0
            kind = message.get("type")
            if kind == "predict":
                if self.is_async:
                    _asyncio().run_coroutine_threadsafe(self._predict_async(message), self.loop)
                else:
                    self._predict_sync(message)
            elif kind == "predict_batch":
                self._predict_batch(message)
            elif kind == "warmup":
                if self.is_async:
                    _asyncio().run_coroutine_threadsafe(self._warmup_async(message["id"]), self.loop)
                else:
                    self._warmup(message["id"])
            elif kind == "shutdown":
                self._drain()
                return 0

    def _drain(self) -> None:
        while self.tasks:
            threading.Event().wait(0.01)
        self._flush_logs(None)

    def _cancel(self, pid: str) -> None:
        self.cancel_requested.add(pid)
        if self.is_async:
            self.loop.call_soon_threadsafe(self._cancel_task, pid)
        elif self.active_sync == pid:
            # The parent also sends SIGUSR1, but a process-directed signal may be delivered to
            # any thread, and only a signal that hits the main thread interrupts a blocking call
            # there (time.sleep). Aim this one at the main thread. _on_sigusr1 raises only once.
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)

    def _cancel_task(self, pid: str) -> None:
        task = self.tasks.get(pid)
        if task is not None:
            task.cancel()

    def _on_sigusr1(self, _signum: int, _frame: Any) -> None:
        pid = self.active_sync
        if pid is None or self.cancel_raised or pid not in self.cancel_requested:
            return
        self.cancel_raised = True
        if self.channel.main_thread_writing:
            self.channel.pending_cancel = True
            return
        raise _cancel_exception()()

    # ---- predictions ------------------------------------------------------------------------
    def _scope(self, message: Dict[str, Any]) -> _scope.Scope:
        context = message.get("context") or {}
        return _scope.Scope(message["id"], dict(context), self._send_metric)

    def _send_metric(self, pid: str, name: str, value: Any, mode: str) -> None:
        self.channel.send({"type": "metric", "id": pid, "name": name, "value": value, "mode": mode})

    def _predict_sync(self, message: Dict[str, Any]) -> None:
        pid = message["id"]
        scope = self._scope(message)
        token = _scope.enter(scope)
        _scope.set_sync_scope(scope)
        self.cancel_raised = False
        try:
            try:
                self.active_sync = pid
                if pid in self.cancel_requested:
                    raise _cancel_exception()()
                result = self.predictor.run(message["input"])
                if inspect.isawaitable(result):
                    result = _asyncio().run_coroutine_threadsafe(_awaitable_to_coro(result), self.loop).result()
                terminal = self._finish_sync(pid, result)
            finally:
                self.active_sync = None
        except BaseException as e:  # noqa: BLE001 - user code may raise anything
            terminal = self._error_frame(pid, e)
        finally:
            _scope.set_sync_scope(None)
            _scope.leave(token)
        self._complete(pid, terminal)

    def _finish_sync(self, pid: str, result: Any) -> Dict[str, Any]:
        if inspect.isasyncgen(result):
            result = _asyncio().run_coroutine_threadsafe(_collect_async(result), self.loop).result()
            for item in result:
                self._send_output(pid, item)
            return {"type": "done", "id": pid, "is_stream": True}
        if _is_iterator(result):
            for item in result:
                self._send_output(pid, item)
            return {"type": "done", "id": pid, "is_stream": True}
        return {"type": "done", "id": pid, "output": _encode(result), "is_stream": False}

    async def _predict_async(self, message: Dict[str, Any]) -> None:
        pid = message["id"]
        task = _asyncio().current_task()
        assert task is not None
        self.tasks[pid] = task
        token = _scope.enter(self._scope(message))
        try:
            if pid in self.cancel_requested:
                raise _asyncio().CancelledError()
            result = self.predictor.run(message["input"])
            if inspect.isawaitable(result):
                result = await result
            if inspect.isasyncgen(result) or isinstance(result, collections.abc.AsyncIterator):
                async for item in result:
                    self._send_output(pid, item)
                terminal = {"type": "done", "id": pid, "is_stream": True}
            elif _is_iterator(result):
                for item in result:
                    self._send_output(pid, item)
                terminal = {"type": "done", "id": pid, "is_stream": True}
            else:
                terminal = {"type": "done", "id": pid, "output": _encode(result), "is_stream": False}
        except BaseException as e:  # noqa: BLE001 - includes CancelledError
            terminal = self._error_frame(pid, e)
        finally:
            _scope.leave(token)
            self.tasks.pop(pid, None)
        self._complete(pid, terminal)

    def _warmup(self, wid: str) -> None:
        """The path of a prediction without user code (docs/runtime-protocol.md): the server sends
        a few after setup, so the first prediction does not meet a cold path."""
        token = _scope.enter(_scope.Scope(wid, {}, self._send_metric))
        try:
            # The checks every result goes through (the ABC checks fill their caches on first use).
            for value in ("", None):
                inspect.isawaitable(value)
                inspect.isasyncgen(value)
                isinstance(value, collections.abc.AsyncIterator)
                _is_iterator(value)
                _encode(value)
        finally:
            _scope.leave(token)
        self._complete(wid, {"type": "warmed", "id": wid})

    async def _warmup_async(self, wid: str) -> None:
        self._warmup(wid)

    def _predict_batch(self, message: Dict[str, Any]) -> None:
        """One call of a `@batch` method for several predictions (docs/runtime-protocol.md): each
        input is coerced on its own (a bad one fails only its prediction), the method gets one
        list per input, and its list of results is split into one terminal frame per id. Logs
        and metrics of the call go to the batch id; the server hands them to every member."""
        batch_id = message["batch_id"]
        members: list = []
        kwargs_list: list = []
        for pid, inputs in zip(message["ids"], message["inputs"]):
            try:
                kwargs_list.append(self.predictor.coerce(inputs))
                members.append(pid)
            except BaseException as e:  # noqa: BLE001 - InputError and anything a coercion raises
                self._complete(pid, self._error_frame(pid, e))
        if not members:
            return
        scope = _scope.Scope(batch_id, {}, self._send_metric)
        token = _scope.enter(scope)
        _scope.set_sync_scope(scope)
        try:
            result = self.predictor.run_batch(kwargs_list)
            if inspect.isawaitable(result):
                result = _asyncio().run_coroutine_threadsafe(_awaitable_to_coro(result), self.loop).result()
            terminals = self._split_batch(members, result)
        except BaseException as e:  # noqa: BLE001 - user code may raise anything
            terminals = [self._error_frame(pid, e) for pid in members]
        finally:
            _scope.set_sync_scope(None)
            _scope.leave(token)
        self._flush_logs(batch_id)
        for pid, terminal in zip(members, terminals):
            self._complete(pid, terminal)

    def _split_batch(self, members: list, result: Any) -> list:
        if not isinstance(result, (list, tuple)) or len(result) != len(members):
            got = f"{len(result)} results" if isinstance(result, (list, tuple)) else type(result).__name__
            error = f"@batch run() must return a list with one result per input: {len(members)} inputs, got {got}"
            return [{"type": "failed", "id": pid, "error": error, "traceback": ""} for pid in members]
        frames = []
        for pid, item in zip(members, result):
            try:
                if isinstance(item, BaseException):
                    raise item
                frames.append({"type": "done", "id": pid, "output": _encode(item), "is_stream": False})
            except BaseException as e:  # noqa: BLE001 - this item's error, or its output cannot be encoded
                frames.append(self._error_frame(pid, e))
        return frames

    def _send_output(self, pid: str, item: Any) -> None:
        self.channel.send({"type": "output", "id": pid, "value": _encode(item)})

    def _error_frame(self, pid: str, error: BaseException) -> Dict[str, Any]:
        if pid in self.cancel_requested:
            return {"type": "canceled", "id": pid}
        # str(exc) as the original; an exception without a message is named instead of "".
        message = _system_exit_message(error) if isinstance(error, SystemExit) else str(error) or type(error).__name__
        return {"type": "failed", "id": pid, "error": message, "traceback": _format_traceback(error)}

    def _complete(self, pid: str, terminal: Dict[str, Any]) -> None:
        self._flush_logs(pid)
        self.cancel_requested.discard(pid)
        try:
            self.channel.send(terminal)
        except (TypeError, ValueError) as e:  # output not JSON-serialisable (NaN, objects)
            self.channel.send({"type": "failed", "id": pid, "error": f"output is not JSON serialisable: {e}", "traceback": ""})

    def _flush_logs(self, key: Optional[str]) -> None:
        for stream in self.streams:
            stream.flush_key(key)

    # ---- healthcheck ------------------------------------------------------------------------
    def _healthcheck(self, hid: str) -> None:
        outcome: Dict[str, Any] = {}

        def call() -> None:
            try:
                value = self.predictor.healthcheck()
                if inspect.isawaitable(value):
                    coro = _asyncio().wait_for(_awaitable_to_coro(value), HEALTHCHECK_TIMEOUT)
                    value = _asyncio().run_coroutine_threadsafe(coro, self.loop).result()
                outcome["value"] = value
            except BaseException as e:  # noqa: BLE001
                outcome["error"] = e

        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join(HEALTHCHECK_TIMEOUT)
        message: Dict[str, Any] = {"type": "healthcheck_result", "id": hid, "status": "healthy"}
        error = outcome.get("error")
        if thread.is_alive() or isinstance(error, _timeout_errors()):
            message.update(status="unhealthy", error="Healthcheck failed: user-defined healthcheck timed out after 5.0 seconds")
        elif error is not None:
            message.update(status="unhealthy", error=f"Healthcheck failed: {type(error).__name__}: {error}")
        elif outcome.get("value") is False:
            message.update(status="unhealthy", error="Healthcheck failed: user-defined healthcheck returned False")
        self.channel.send(message)


def _asyncio() -> Any:
    """asyncio, imported on first use (see Worker.loop)."""
    import asyncio

    return asyncio


def _timeout_errors() -> tuple:
    # Before Python 3.11 asyncio.TimeoutError is its own class; it is loaded if it was raised.
    loaded = sys.modules.get("asyncio")
    return (TimeoutError,) if loaded is None else (TimeoutError, loaded.TimeoutError)


def _without_sigusr1(target: Any) -> Any:
    """Run `target` in a thread that never receives SIGUSR1, so the parent's process-directed
    cancel signal lands on the main thread, where it interrupts a blocking sync prediction."""

    def run() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
        target()

    return run


def _serve_loop(loop: Any) -> None:
    """run_forever until loop.stop(). asyncio re-raises a task's SystemExit/KeyboardInterrupt out
    of the loop (a nested task's sys.exit()); the task already holds it as its exception, so
    whoever awaits it fails its prediction. Restart instead of leaving a worker without a loop."""
    while True:
        try:
            loop.run_forever()
            return
        except (SystemExit, KeyboardInterrupt):
            continue


def _is_iterator(value: Any) -> bool:
    return isinstance(value, collections.abc.Iterator) and not isinstance(value, (str, bytes, dict))


async def _awaitable_to_coro(awaitable: Any) -> Any:
    return await awaitable


async def _collect_async(agen: Any) -> list:
    return [item async for item in agen]


def _encode(value: Any) -> Any:
    from cog._predictor import encode_output

    return encode_output(value)


def _system_exit_message(error: SystemExit) -> str:
    """sys.exit() inside a prediction fails only that prediction (the original's legacy worker
    died of it, leaving the server DEFUNCT); str(SystemExit(1)) is just "1", so name it."""
    code = "" if error.code is None else f"({error.code!r})"
    return f"SystemExit{code}: sys.exit() was called inside the prediction"


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _format_traceback(error: BaseException) -> str:
    return format_user_traceback(error)


def _sdk_version() -> Optional[str]:
    try:
        import cog

        version = getattr(cog, "__version__", None)
        return str(version) if version else None
    except Exception:  # noqa: BLE001
        return None


def main() -> None:
    for fd in (CONTROL_IN_FD, CONTROL_OUT_FD):
        os.set_inheritable(fd, False)  # user subprocesses must not hold the control pipes
    worker = Worker(Channel(CONTROL_IN_FD, CONTROL_OUT_FD))
    code = worker.run()
    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is not None:
            stream.flush()
    os._exit(code)  # skip interpreter teardown: daemon threads may still hold the loop


if __name__ == "__main__":
    main()
