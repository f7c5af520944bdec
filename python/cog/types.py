"""The types predictors use in signatures: files, secrets and streaming outputs.

`from cog.types import Path, Secret, ...` and `from cog import Path, Secret, ...` give the same
objects. Input downloads normally happen in the prediction server, so a predictor receives local
files; the URL helpers here (`URLPath`, `URLFile`) only run when a URL reaches the worker directly.
"""

from __future__ import annotations

import base64
import io
import mimetypes
import os
import pathlib
import tempfile
import urllib.parse
from dataclasses import dataclass
from typing import Any, AsyncIterator, Iterator, Optional, TypeVar

# Older predictors import these from `cog.types` too.
from .input import FieldInfo, Input  # noqa: F401
from .model import BaseModel  # noqa: F401

_T_co = TypeVar("_T_co", covariant=True)

URL_SCHEMES = ("http://", "https://", "data:")
MASKED_SECRET = "**********"
# Longest file name (in UTF-8 bytes) kept for downloaded inputs, as in the original.
_MAX_FILENAME_BYTES = 200


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(URL_SCHEMES)


class _PydanticCompatible:
    """Lets pydantic models declare fields of these types (`image: cog.Path`), as they could in
    the original. pydantic is imported only when pydantic itself asks, so the SDK keeps no
    dependency on it."""

    _json_schema: dict = {}

    @classmethod
    def validate(cls, value: Any) -> Any:  # pragma: no cover - overridden
        return value

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(cls.validate)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        return dict(cls._json_schema)

    @classmethod
    def __get_validators__(cls) -> Iterator[Any]:  # pydantic v1
        yield cls.validate


class Path(_PydanticCompatible, pathlib.PosixPath):
    """A file input or output. Inputs arrive as local files; outputs are uploaded or inlined."""

    _json_schema = {"type": "string", "format": "uri"}

    @classmethod
    def validate(cls, value: Any) -> Any:
        if isinstance(value, (Path, URLPath)):
            return value
        if is_url(value):
            return URLPath(source=value)
        if isinstance(value, (str, os.PathLike)):
            return cls(value)
        raise ValueError(f"invalid path value: {value!r}")


class URLPath:
    """A not-yet-downloaded file input. `convert()` downloads it into a temp file and returns a
    `cog.Path`; `str()` is the source URL."""

    def __init__(self, *, source: str, filename: Optional[str] = None, fileobj: Any = None) -> None:
        self.source = source
        self.filename = filename or filename_from_url(source)
        self.fileobj = fileobj
        self._path: Optional[Path] = None

    def convert(self) -> Path:
        if self._path is None:
            handle = tempfile.NamedTemporaryFile(suffix=self.filename, delete=False)
            with handle:
                _copy_url_into(self.source, handle)
            self._path = Path(handle.name)
        return self._path

    def unlink(self, missing_ok: bool = False) -> None:
        if self._path is not None:
            self._path.unlink(missing_ok=missing_ok)

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"URLPath(source={self.source!r})"


class File(_PydanticCompatible, io.IOBase):
    """Deprecated: use `Path`. A file input given to the predictor as an open binary file."""

    _json_schema = {"type": "string", "format": "uri"}

    @classmethod
    def validate(cls, value: Any) -> io.IOBase:
        if isinstance(value, io.IOBase):
            return value
        scheme = urllib.parse.urlparse(str(value)).scheme
        if scheme == "data":
            return io.BytesIO(_decode_data_url(str(value))[1])
        if scheme in ("http", "https"):
            return URLFile(str(value))
        raise ValueError(
            f"'{scheme}' is not a valid URL scheme. 'data', 'http', or 'https' is supported."
        )


class URLFile(io.IOBase):
    """A lazy HTTP file: the request is made on the first read. Picklable (only the URL is kept)."""

    def __init__(self, url: str, filename: Optional[str] = None) -> None:
        self.url = url
        self.name = filename or filename_from_url(url)
        self._response: Any = None

    def __reduce__(self) -> Any:
        return (URLFile, (self.url, self.name))

    def _stream(self) -> Any:
        if self._response is None:
            import urllib.request  # lazily: it costs ~25 ms of import time and is rarely needed

            self._response = urllib.request.urlopen(_request(self.url), timeout=10)
        return self._response

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream().read(size)

    def readinto(self, buffer: Any) -> int:
        return self._stream().readinto(buffer)

    def close(self) -> None:
        if self._response is not None:
            self._response.close()
        super().close()


@dataclass(frozen=True)
class Secret(_PydanticCompatible):
    """A sensitive string input. `str()` and `repr()` hide the value; outputs encode it masked."""

    secret_value: Optional[str] = None
    _json_schema = {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}

    @classmethod
    def validate(cls, value: Any) -> "Secret":
        if isinstance(value, Secret):
            return value
        if value is None or isinstance(value, str):
            return cls(value)
        raise ValueError(f"invalid secret value of type {type(value).__name__}")

    def get_secret_value(self) -> Optional[str]:
        return self.secret_value

    def __str__(self) -> str:
        return MASKED_SECRET if self.secret_value is not None else ""

    def __repr__(self) -> str:
        return f"Secret({str(self)!r})"


class ConcatenateIterator(Iterator[_T_co]):
    """Return annotation for streamed text: `-> ConcatenateIterator[str]`. Clients join the chunks."""

    def __next__(self) -> _T_co:  # pragma: no cover - an annotation marker, generators do the work
        raise StopIteration


class AsyncConcatenateIterator(AsyncIterator[_T_co]):
    """Async variant of `ConcatenateIterator`: `async def run(...) -> AsyncConcatenateIterator[str]`."""

    async def __anext__(self) -> _T_co:  # pragma: no cover - an annotation marker
        raise StopAsyncIteration


class Opaque:
    """Marker for `Annotated[T, cog.Opaque]`: treat a type the schema cannot analyse as a JSON object."""


def filename_from_url(url: str) -> str:
    """The file name a downloaded input keeps: the URL's basename (unquoted, `/` and NUL replaced),
    at most 200 UTF-8 bytes with the extension kept; `file.<ext>` for data URLs."""
    if url.startswith("data:"):
        mime = url[5:].split(";", 1)[0].split(",", 1)[0]
        return "file" + (mimetypes.guess_extension(mime) or "")
    name = urllib.parse.unquote(os.path.basename(urllib.parse.urlparse(url).path))
    name = name.replace("/", "_").replace("\0", "_")
    if len(name.encode("utf-8")) <= _MAX_FILENAME_BYTES:
        return name
    stem, ext = os.path.splitext(name)
    budget = _MAX_FILENAME_BYTES - len(ext.encode("utf-8")) - 1
    stem = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return f"{stem}~{ext}"


def _decode_data_url(url: str) -> tuple[str, bytes]:
    header, _, payload = url[5:].partition(",")
    mime = header.split(";", 1)[0]
    if header.endswith(";base64"):
        return mime, base64.b64decode(payload)
    return mime, urllib.parse.unquote_to_bytes(payload)


def _request(url: str) -> Any:
    import urllib.request

    headers = {}
    agent = os.environ.get("COG_USER_AGENT")
    if agent:
        headers["User-Agent"] = agent
    return urllib.request.Request(url, headers=headers)


def _copy_url_into(url: str, handle: Any) -> None:
    if url.startswith("data:"):
        handle.write(_decode_data_url(url)[1])
        return
    import urllib.request

    with urllib.request.urlopen(_request(url), timeout=10) as response:
        while chunk := response.read(1 << 20):
            handle.write(chunk)
