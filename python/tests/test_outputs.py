"""encode_output: files anywhere in the value, IO objects, BaseModel, secrets, misc types."""

import dataclasses
import datetime
import enum
import io
import json
import os
import pathlib
from typing import List, Optional

import pytest

from cog import BaseModel, Path, Secret
from cog._predictor import encode_output


class Color(enum.Enum):
    RED = "red"


class Inner(BaseModel):
    file: Path
    label: str = "x"


class Outer(BaseModel):
    inners: List[Inner]
    maybe: Optional[str] = None


def _marker(path) -> dict:
    return {"__cog_file__": os.path.abspath(str(path))}


def test_scalars_pass_through():
    for value in (None, True, 3, 2.5, "s"):
        assert encode_output(value) == value


def test_paths_become_markers(tmp_path):
    file = tmp_path / "a.png"
    assert encode_output(Path(file)) == _marker(file)
    assert encode_output(pathlib.Path(file)) == _marker(file)
    relative = encode_output(Path("rel.txt"))
    assert relative == {"__cog_file__": os.path.join(os.getcwd(), "rel.txt")}


def test_nested_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    value = {"files": [Path(a), (Path(b),)], "meta": {"deep": [Path(a)]}}
    assert encode_output(value) == {"files": [_marker(a), [_marker(b)]], "meta": {"deep": [_marker(a)]}}


def test_base_model_nested(tmp_path):
    out = Outer(inners=[Inner(file=Path(tmp_path / "x.bin"))])
    assert encode_output(out) == {"inners": [{"file": _marker(tmp_path / "x.bin"), "label": "x"}], "maybe": None}
    json.dumps(encode_output(out))


def test_base_model_missing_required_field():
    with pytest.raises(ValueError, match="missing value for output field: file"):
        encode_output(Inner(file=None))


def test_plain_dataclass():
    @dataclasses.dataclass
    class Point:
        x: int
        y: int

    assert encode_output([Point(1, 2)]) == [{"x": 1, "y": 2}]


def test_io_objects_are_copied_to_temp_files(tmp_path):
    buffer = io.BytesIO(b"bytes!")
    buffer.read()  # the encoder rewinds seekable handles
    marker = encode_output(buffer)
    path = marker["__cog_file__"]
    assert os.path.basename(path) == "output.bin"
    assert open(path, "rb").read() == b"bytes!"
    source = tmp_path / "report.txt"
    source.write_text("hello")
    with open(source, "rb") as handle:
        copied = encode_output({"report": handle})["report"]["__cog_file__"]
    assert copied != str(source) and os.path.basename(copied) == "report.txt"
    assert open(copied).read() == "hello"
    text = encode_output(io.StringIO("text"))["__cog_file__"]
    assert open(text, "rb").read() == b"text"


def test_secret_enum_datetime_set_generator():
    assert encode_output(Secret("s")) == "**********"
    assert encode_output({"k": Secret("s")}) == {"k": "**********"}
    assert encode_output(Color.RED) == "red"
    assert encode_output(datetime.datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05"
    assert encode_output({1, 2}) in ([1, 2], [2, 1])
    assert encode_output(i * 2 for i in range(3)) == [0, 2, 4]
    assert encode_output({1: "a"}) == {"1": "a"}


def test_pydantic_like_and_numpy_like_objects():
    class FakeModel:
        def model_dump(self):
            return {"a": Path("/x")}

    assert encode_output(FakeModel()) == {"a": {"__cog_file__": "/x"}}


def test_unserializable():
    with pytest.raises(TypeError, match="Object of type bytes is not JSON serializable"):
        encode_output(b"raw")
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        encode_output([object()])


def test_non_finite_floats_become_null():
    assert encode_output({"loss": float("nan"), "best": [float("inf"), -float("inf"), 1.5]}) == {
        "loss": None, "best": [None, None, 1.5],
    }
    json.dumps(encode_output(float("nan")), allow_nan=False)


def test_base_model_without_auto_dataclass():
    class Manual(BaseModel, auto_dataclass=False):
        def __init__(self, path):
            self.path = Path(path)
            self._hidden = 1

    assert encode_output(Manual("/a")) == {"path": {"__cog_file__": "/a"}}


def test_copies_live_in_a_cog_output_dir_of_the_temp_dir(session_tmp):
    # The server deletes `$TMPDIR/cog-output-*` copies after uploading; the tests' temp dir
    # (conftest.session_tmp) is removed after the run, so no copy outlives the tests.
    copy = pathlib.Path(encode_output(io.BytesIO(b"x"))["__cog_file__"])
    assert copy.parent.name.startswith("cog-output-")
    assert copy.parent.parent == session_tmp
