"""Input coercion and the worker-side checks of spec §9.3 (messages of the current SDK)."""

import base64
import pathlib

import pytest

from cog import Path, Secret
from cog._errors import InputError

SOURCE = """
class Runner(BaseRunner):
    def run(self,
        text: str = Input(default="a", min_length=1, max_length=5, regex="^[a-z]+"),
        count: int = Input(default=2, ge=1, le=10),
        ratio: float = Input(default=0.5, ge=0, le=1),
        flag: bool = False,
        mode: str = Input(choices=["fast", "slow"], default="fast"),
        level: int = Input(choices=[1, 2, 3], default=1),
        image: Optional[Path] = None,
        images: List[Path] = Input(default=[]),
        token: Optional[Secret] = None,
        tags: List[str] = Input(default=["x"]),
        scores: List[int] = Input(default=[1], ge=0),
        extra: dict = Input(default={"k": []}),
        either: Union[int, str] = 0,
    ) -> Any:
        return dict(text=text, count=count, ratio=ratio, flag=flag, mode=mode, level=level, image=image,
                    images=images, token=token, tags=tags, scores=scores, extra=extra, either=either)
"""


@pytest.fixture
def runner(load):
    return load(SOURCE)


def test_defaults_are_filled(runner):
    out = runner.run({})
    assert out["text"] == "a" and out["count"] == 2 and out["ratio"] == 0.5 and out["flag"] is False
    assert out["mode"] == "fast" and out["level"] == 1 and out["image"] is None and out["token"] is None
    assert out["tags"] == ["x"] and out["images"] == [] and out["either"] == 0


def test_mutable_defaults_are_copied_per_prediction(runner):
    first = runner.run({})
    first["tags"].append("mutated")
    first["extra"]["k"].append(1)
    second = runner.run({})
    assert second["tags"] == ["x"]
    assert second["extra"] == {"k": []}


def test_numeric_coercions(runner):
    out = runner.run({"count": "3", "ratio": 1})
    assert out["count"] == 3 and isinstance(out["count"], int)
    assert out["ratio"] == 1.0 and isinstance(out["ratio"], float)
    assert runner.run({"count": 4.0})["count"] == 4
    assert runner.run({"ratio": "0.25"})["ratio"] == 0.25


def test_paths_and_secrets(runner, workdir):
    (workdir / "in.png").write_bytes(b"png")
    out = runner.run({"image": str(workdir / "in.png"), "images": ["a.txt", "b.txt"], "token": "s3cret"})
    assert isinstance(out["image"], Path) and isinstance(out["image"], pathlib.Path)
    assert out["image"].read_bytes() == b"png"
    assert all(isinstance(p, Path) for p in out["images"]) and [str(p) for p in out["images"]] == ["a.txt", "b.txt"]
    assert isinstance(out["token"], Secret) and out["token"].get_secret_value() == "s3cret"
    assert str(out["token"]) == "**********"


def test_data_url_path_is_materialised(runner):
    payload = base64.b64encode(b"hello").decode()
    out = runner.run({"image": f"data:text/plain;base64,{payload}"})
    assert isinstance(out["image"], Path)
    assert out["image"].read_bytes() == b"hello"
    assert out["image"].name.endswith("file.txt")
    out["image"].unlink()


def test_union_prefers_matching_json_type(runner):
    assert runner.run({"either": 5})["either"] == 5
    assert runner.run({"either": "five"})["either"] == "five"


UNIONS = """
class Runner(BaseRunner):
    def run(self, v: {annotation}) -> Any:
        return {{"value": v, "type": type(v).__name__,
                "items": [type(i).__name__ for i in v] if isinstance(v, list) else None}}
"""

# (annotation, JSON value, Python type the predictor sees, value): the first member in
# declaration order that takes the value without loss wins.
UNION_CASES = [
    ("int | float", 1, "int", 1),
    ("int | float", 1.5, "float", 1.5),
    ("int | float", 2.0, "int", 2),  # JSON does not tell 2.0 from 2
    ("float | int", 1, "float", 1.0),
    ("float | int", 1.5, "float", 1.5),
    ("int | str", 1, "int", 1),
    ("int | str", "1", "str", "1"),
    ("str | int", 1, "int", 1),
    ("Union[bool, int]", True, "bool", True),
    ("Union[int, bool]", True, "bool", True),
    ("list[int] | list[float]", [1, 2], "list", [1, 2]),
    ("list[int] | list[float]", [1, 2.5], "list", [1.0, 2.5]),
    ("int | list[int]", [3], "list", [3]),
]


@pytest.mark.parametrize("annotation,value,kind,expected", UNION_CASES,
                         ids=[f"{c[0]}={c[1]!r}" for c in UNION_CASES])
def test_union_takes_first_lossless_member(load, annotation, value, kind, expected):
    out = load(UNIONS.format(annotation=annotation)).run({"v": value})
    assert out["type"] == kind and out["value"] == expected
    if annotation == "list[int] | list[float]":
        assert out["items"] == ["int", "int"] if expected == [1, 2] else ["float", "float"]


def test_unknown_field_warns(runner, capsys):
    runner.run({"bogus": 1})
    assert "WARNING unknown input field ignored: bogus" in capsys.readouterr().err


CHECKS = [
    ({"count": 0}, "count fails constraint >= 1"),
    ({"count": 11}, "count fails constraint <= 10"),
    ({"ratio": 1.5}, "ratio fails constraint <= 1"),
    ({"text": ""}, "text fails constraint len() >= 1"),
    ({"text": "abcdef"}, "text fails constraint len() <= 5"),
    ({"text": "ABC"}, "text does not match regex '^[a-z]+'"),
    ({"mode": "medium"}, "mode does not match choices ['fast', 'slow']"),
    ({"level": 7}, "level does not match choices [1, 2, 3]"),
    ({"scores": [1, -1]}, "scores fails constraint >= 0"),
    ({"count": "nope"}, "count: Invalid value for type int"),
    ({"count": 1.5}, "count: Invalid value for type int"),
    ({"count": True}, "count: Invalid value for type int"),
    ({"ratio": "x"}, "ratio: Invalid value for type float"),
    ({"flag": "yes"}, "flag: Invalid value for type bool"),
    ({"text": 5}, "text: Invalid value for type str"),
    ({"tags": "x"}, "tags: Invalid value for type List[str]"),
    ({"tags": [1]}, "tags: Invalid value for type str"),
    ({"either": [1]}, "either: Invalid value for type Union[int, str]"),
    ({"count": None}, "count: Invalid value for type int"),
]


@pytest.mark.parametrize("inputs,message", CHECKS, ids=[c[1] for c in CHECKS])
def test_checks(runner, inputs, message):
    with pytest.raises(InputError) as info:
        runner.run(inputs)
    assert str(info.value) == message


def test_required_field(load):
    predictor = load("class Runner(BaseRunner):\n    def run(self, prompt: str, seed: int = Input(default=None)) -> str:\n        return prompt\n")
    with pytest.raises(InputError, match="^prompt: Field required$"):
        predictor.run({"seed": 1})
    with pytest.raises(InputError, match="^seed: Field required$"):
        predictor.run({"prompt": "p"})


def test_bare_optional_receives_none(load):
    predictor = load("class Runner(BaseRunner):\n    def run(self, value: Optional[str]) -> str:\n        return repr(value)\n")
    assert predictor.run({}) == "None"
    assert predictor.run({"value": None}) == "None"


def test_secret_default_none_and_value(load):
    predictor = load("""
class Runner(BaseRunner):
    def run(self, key: Secret = Input(default=None), other: Secret = Input(default="dflt")) -> str:
        return f"{key!r}|{other.get_secret_value()}"
""")
    assert predictor.run({}) == "None|dflt"


def test_file_input_is_opened(load, workdir):
    (workdir / "data.bin").write_bytes(b"\x00\x01")
    predictor = load("class Runner(BaseRunner):\n    def run(self, f: File) -> int:\n        return len(f.read())\n")
    assert predictor.run({"f": str(workdir / "data.bin")}) == 2


def test_enum_and_literal_inputs(load):
    predictor = load("""
import enum
from typing import Literal

class Size(enum.IntEnum):
    S = 1
    L = 3

class Runner(BaseRunner):
    def run(self, size: Size = Size.S, sizes: List[Size] = Input(default=[]), pick: Literal["a", "b"] = "a") -> Any:
        return (size, sizes, pick)
""")
    size, sizes, pick = predictor.run({"size": 3, "sizes": [1, 3], "pick": "b"})
    assert type(size).__name__ == "Size" and size == 3
    assert [s.name for s in sizes] == ["S", "L"]
    assert pick == "b"
    assert predictor.run({})[0].name == "S"
    with pytest.raises(InputError, match=r"^size does not match choices \[1, 3\]$"):
        predictor.run({"size": 2})
    with pytest.raises(InputError, match=r"^pick does not match choices \['a', 'b'\]$"):
        predictor.run({"pick": "c"})


def test_mismatched_default_passes_through_like_the_original(load):
    # `x: str = 5` is sloppy but worked in the original; the server sends the schema default back.
    predictor = load("class Runner(BaseRunner):\n    def run(self, x: str = 5) -> Any:\n        return x\n")
    assert predictor.run({}) == 5
    assert predictor.run({"x": 5}) == 5
    with pytest.raises(InputError, match="^x: Invalid value for type str$"):
        predictor.run({"x": 6})
