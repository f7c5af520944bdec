"""Public types: Path, Secret, URLPath/File helpers, BaseModel rules, Input, exports."""

import base64
import dataclasses
import io
import pathlib
import pickle

import pytest

import cog
from cog import BaseModel, File, Input, Path, Secret, URLFile, URLPath
from cog.input import MISSING, FieldInfo
from cog.types import filename_from_url


def test_public_exports():
    for name in ("BaseRunner", "BasePredictor", "Input", "Path", "File", "URLPath", "Secret", "ConcatenateIterator",
                 "AsyncConcatenateIterator", "BaseModel", "current_scope", "concurrent", "streaming",
                 "CancelationException", "FieldInfo", "Opaque", "__version__"):
        assert hasattr(cog, name), name
    from cog.exceptions import CancelationException
    from cog.types import BaseModel as TypesBaseModel, Input as TypesInput, Path as TypesPath
    from cog.predictor import BasePredictor

    assert TypesPath is cog.Path and TypesInput is cog.Input and TypesBaseModel is cog.BaseModel
    assert BasePredictor is cog.BasePredictor
    assert CancelationException is cog.CancelationException
    assert issubclass(CancelationException, BaseException) and not issubclass(CancelationException, Exception)
    from cog.server.exceptions import CancelationException as OldPathCancelationException

    assert OldPathCancelationException is cog.CancelationException
    assert issubclass(cog.BasePredictor, cog.BaseRunner)
    assert issubclass(cog.ExperimentalFeatureWarning, FutureWarning)
    with pytest.raises(AttributeError):
        cog.does_not_exist  # noqa: B018


def test_path_is_a_pathlib_path():
    p = Path("/tmp/x.png")
    assert isinstance(p, pathlib.PosixPath) and p.suffix == ".png"
    assert isinstance(Path.validate("https://example.com/a.png"), URLPath)
    assert isinstance(Path.validate("local.txt"), Path)


def test_secret():
    s = Secret("pw")
    assert s.get_secret_value() == "pw"
    assert str(s) == "**********" and "pw" not in repr(s)
    assert str(Secret()) == "" and Secret().get_secret_value() is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.secret_value = "x"


def test_url_path_data_url():
    url = "data:image/png;base64," + base64.b64encode(b"\x89PNG").decode()
    u = URLPath(source=url)
    assert str(u) == url
    local = u.convert()
    assert local.read_bytes() == b"\x89PNG" and local.name.endswith("file.png")
    u.unlink()
    assert not local.exists()


def test_filename_from_url():
    assert filename_from_url("https://x.com/a/b%20c.png?sig=1") == "b c.png"
    assert filename_from_url("https://x.com/a%2Fb.txt") == "a_b.txt"
    long_name = "n" * 300 + ".safetensors"
    derived = filename_from_url(f"https://x.com/{long_name}")
    assert len(derived.encode()) <= 200 and derived.endswith("~.safetensors")
    assert filename_from_url("data:text/plain;base64,aGk=") == "file.txt"


def test_file_validate():
    handle = File.validate("data:text/plain;base64," + base64.b64encode(b"hi").decode())
    assert handle.read() == b"hi"
    assert isinstance(File.validate("https://example.com/x.bin"), URLFile)
    with pytest.raises(ValueError, match="'ftp' is not a valid URL scheme. 'data', 'http', or 'https' is supported."):
        File.validate("ftp://example.com/x")
    restored = pickle.loads(pickle.dumps(URLFile("https://example.com/y.bin")))
    assert restored.url == "https://example.com/y.bin" and restored.name == "y.bin"
    assert isinstance(io.BytesIO(), io.IOBase)


def test_input_returns_field_info():
    info = Input(default=3, description="d", ge=1, le=5, deprecated=True)
    assert isinstance(info, FieldInfo)
    assert (info.default, info.description, info.ge, info.le, info.deprecated) == (3, "d", 1, 5, True)
    assert Input().default is MISSING and Input("x").default == "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.default = 4


def test_base_model_is_a_dataclass():
    class Out(BaseModel):
        a: int
        b: str = "x"

    assert dataclasses.is_dataclass(Out)
    assert Out(a=1) == Out(a=1, b="x")

    class Frozen(BaseModel, frozen=True):
        a: int

    with pytest.raises(dataclasses.FrozenInstanceError):
        Frozen(a=1).a = 2

    class Manual(BaseModel, auto_dataclass=False):
        def __init__(self, v):
            self.v = v

    assert not dataclasses.is_dataclass(Manual) and Manual(3).v == 3


def test_base_model_inheritance_rules():
    class Mixin:
        pass

    with pytest.raises(TypeError, match='Primary base class of "Bad" must inherit from BaseModel'):
        class Bad(Mixin, BaseModel):
            a: int

    @dataclasses.dataclass
    class Plain:
        z: int = 0

    with pytest.raises(TypeError, match='Cannot mixin dataclass "Plain" while inheriting from BaseModel'):
        class Mixed(BaseModel, Plain):
            a: int = 1
