"""Per-parameter `Input` schema rules (spec §8.3, §8.4): one row per type or option, exact JSON."""

import json

import pytest

from cog._errors import PredictorLoadError, SchemaError
from conftest import properties

# (parameter declaration, expected property without x-order, required?)
CASES = [
    ("x: str", {"title": "X", "type": "string"}, True),
    ("x: int", {"title": "X", "type": "integer"}, True),
    ("x: float", {"title": "X", "type": "number"}, True),
    ("x: bool", {"title": "X", "type": "boolean"}, True),
    ("x: Path", {"title": "X", "type": "string", "format": "uri"}, True),
    ("x: File", {"title": "X", "type": "string", "format": "uri"}, True),
    ("x: Secret", {"title": "X", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}, True),
    ("x: dict", {"title": "X", "type": "object"}, True),
    ("x: Dict[str, int]", {"title": "X", "type": "object"}, True),
    ("x: Any", {"title": "X", "type": "object"}, True),
    ("x: list", {"title": "X", "type": "array", "items": {"type": "object"}}, True),
    ("x: List[str]", {"title": "X", "type": "array", "items": {"type": "string"}}, True),
    ("x: list[int]", {"title": "X", "type": "array", "items": {"type": "integer"}}, True),
    ("x: List[Path]", {"title": "X", "type": "array", "items": {"type": "string", "format": "uri"}}, True),
    ("x: list[dict]", {"title": "X", "type": "array", "items": {"type": "object"}}, True),
    ("x: Optional[str]", {"title": "X", "type": "string", "nullable": True}, False),
    ("x: str | None", {"title": "X", "type": "string", "nullable": True}, False),
    ("x: Optional[List[int]]", {"title": "X", "type": "array", "items": {"type": "integer"}, "nullable": True}, False),
    ("x: Union[str, int]", {"title": "X", "anyOf": [{"type": "string"}, {"type": "integer"}]}, True),
    (
        "x: str | int | None",
        {"title": "X", "anyOf": [{"type": "string", "nullable": True}, {"type": "integer", "nullable": True}], "nullable": True},
        False,
    ),
    ("x: Annotated[Thing, Opaque]", {"title": "X", "type": "object"}, True),
    ("x: Annotated[list[Thing], Opaque]", {"title": "X", "type": "array", "items": {"type": "object"}}, True),
    ("x: Annotated[int, 'meta']", {"title": "X", "type": "integer"}, True),
    ("x: TD", {"title": "X", "type": "object"}, True),
    ("x: pathlib.Path", {"title": "X", "type": "string", "format": "uri"}, True),
    # Defaults and None rules (§8.3 and §13 item 20).
    ("x: str = 'a'", {"title": "X", "type": "string", "default": "a"}, False),
    ("x: str = Input(default='a')", {"title": "X", "type": "string", "default": "a"}, False),
    ("x: str = Input('a')", {"title": "X", "type": "string", "default": "a"}, False),
    ("x: int = Input(default=None)", {"title": "X", "type": "integer"}, True),
    ("x: int = None", {"title": "X", "type": "integer"}, True),
    ("x: Optional[int] = None", {"title": "X", "type": "integer", "nullable": True}, False),
    ("x: Optional[int] = Input(default=3)", {"title": "X", "type": "integer", "nullable": True, "default": 3}, False),
    ("x: Secret = Input(default=None)", {"title": "X", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True, "nullable": True, "default": None}, False),
    ("x: Secret | None = None", {"title": "X", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True, "nullable": True, "default": None}, False),
    ("x: Optional[Secret]", {"title": "X", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True, "nullable": True}, False),
    ("x: Secret = Input(default='hunter2')", {"title": "X", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}, False),
    ("x: float = 1", {"title": "X", "type": "number", "default": 1}, False),
    ("x: float = 0.5", {"title": "X", "type": "number", "default": 0.5}, False),
    ("x: bool = False", {"title": "X", "type": "boolean", "default": False}, False),
    ("x: Path = Input(default='weights.bin')", {"title": "X", "type": "string", "format": "uri", "default": "weights.bin"}, False),
    ("x: List[int] = Input(default=[1, 2])", {"title": "X", "type": "array", "items": {"type": "integer"}, "default": [1, 2]}, False),
    ("x: dict = Input(default={'a': 1})", {"title": "X", "type": "object", "default": {"a": 1}}, False),
    # Options.
    ("x: str = Input(description='d')", {"title": "X", "type": "string", "description": "d"}, True),
    ("x: int = Input(ge=0, le=5)", {"title": "X", "type": "integer", "minimum": 0.0, "maximum": 5.0}, True),
    ("x: float = Input(ge=0.5)", {"title": "X", "type": "number", "minimum": 0.5}, True),
    ("x: int = Input(le=2**63)", {"title": "X", "type": "integer", "maximum": 2**63}, True),
    ("x: str = Input(min_length=2, max_length=4)", {"title": "X", "type": "string", "minLength": 2, "maxLength": 4}, True),
    ("x: str = Input(regex='^a+$')", {"title": "X", "type": "string", "pattern": "^a+$"}, True),
    ("x: str = Input(deprecated=True)", {"title": "X", "type": "string", "deprecated": True}, True),
    ("x: Path = Input(accept='image/*')", {"title": "X", "type": "string", "format": "uri", "x-cog-accept": "image/*"}, True),
    (
        "x: List[int] = Input(ge=1, le=3)",
        {"title": "X", "type": "array", "items": {"type": "integer", "minimum": 1.0, "maximum": 3.0}},
        True,
    ),
    ("x: int = Input(choices=[1, 2])", {"allOf": [{"$ref": "#/components/schemas/x"}]}, True),
    ("x: Optional[str] = Input(choices=['a', 'b'])", {"allOf": [{"$ref": "#/components/schemas/x"}], "nullable": True}, False),
    ("x: Color", {"allOf": [{"$ref": "#/components/schemas/x"}]}, True),
    ("x: Color = Color.RED", {"allOf": [{"$ref": "#/components/schemas/x"}], "default": "red"}, False),
    ("x: Literal[1, 2] = 2", {"allOf": [{"$ref": "#/components/schemas/x"}], "default": 2}, False),
    ("x: str = Input(choices=[Color.RED, Color.BLUE])", {"allOf": [{"$ref": "#/components/schemas/x"}]}, True),
    ("x: List[Literal['a', 'b']]", {"title": "X", "type": "array", "items": {"type": "string", "enum": ["a", "b"]}}, True),
]

PRELUDE = """
import enum
import pathlib
from typing import Annotated, Literal, TypedDict
from cog import Opaque

class Color(str, enum.Enum):
    RED = "red"
    BLUE = "blue"

class Thing:
    pass

class TD(TypedDict):
    a: int
"""


def _single(load, declaration: str):
    return load(PRELUDE + f"\nclass Runner(BaseRunner):\n    def run(self, {declaration}) -> str:\n        return ''\n")


@pytest.mark.parametrize("declaration,expected,required", CASES, ids=[c[0] for c in CASES])
def test_property(load, declaration, expected, required):
    predictor = _single(load, declaration)
    component = predictor.schema["components"]["schemas"]["Input"]
    assert json.dumps(component["properties"]["x"]) == json.dumps({"x-order": 0, **expected})
    assert ("x" in component.get("required", [])) is required


def test_choice_components(load):
    predictor = _single(load, "x: int = Input(choices=[1, 2], default=2)")
    schemas = predictor.schema["components"]["schemas"]
    assert schemas["x"] == {"title": "x", "description": "An enumeration.", "enum": [1, 2], "type": "integer"}
    assert properties(predictor)["x"]["default"] == 2


def test_enum_annotation_component(load):
    predictor = _single(load, "x: Color = Color.BLUE")
    assert predictor.schema["components"]["schemas"]["x"] == {
        "title": "x", "description": "An enumeration.", "enum": ["red", "blue"], "type": "string",
    }


def test_order_titles_and_no_params(load):
    predictor = load("""
class Runner(BaseRunner):
    def run(self, num_inference_steps: int, myURL: str, b: str) -> str:
        return ""
""")
    props = properties(predictor)
    assert list(props) == ["num_inference_steps", "myURL", "b"]
    assert [p["x-order"] for p in props.values()] == [0, 1, 2]
    assert props["num_inference_steps"]["title"] == "Num Inference Steps"
    assert props["myURL"]["title"] == "MyURL"
    empty = load("""
class Runner(BaseRunner):
    def run(self) -> str:
        return ""
""")
    assert empty.schema["components"]["schemas"]["Input"] == {"type": "object", "title": "Input", "properties": {}}


ERRORS = [
    ("x", "missing type annotation for input: x"),
    ("x: set[int]", "set[...] is not a supported input type"),
    ("x: List[List[int]]", "nested generics like List[Optional[X]] are not supported"),
    ("x: List[Optional[int]]", "nested generics like List[Optional[X]] are not supported"),
    ("x: Union[Path, str]", "Path is not supported in union inputs"),
    ("x: Union[Secret, str]", "Secret is not supported in union inputs"),
    ("x: complex", "unsupported input type complex"),
    ("*args: int", "unsupported *args parameter args"),
    ("**kw: int", "unsupported **kwargs parameter kw"),
    ("*, x: int", "unsupported keyword-only parameter x"),
    ("x: str = Input(ge=1)", "incompatible input type for ge/le: x: str"),
    ("x: int = Input(default=0, ge=1)", "invalid default for x: int: must be at minimum 1"),
    ("x: float = Input(default=9.5, le=2.5)", "invalid default for x: float: must be at maximum 2.5"),
    ("x: int = Input(min_length=1)", "incompatible input type for min_length/max_length: x: int"),
    ("x: str = Input(default='', min_length=1)", "default conflicts with min_length=1 for input: x: str"),
    ("x: str = Input(default='abc', max_length=2)", "default conflicts with max_length=2 for input: x: str"),
    ("x: int = Input(regex='a')", "incompatible input type for regex: x: int"),
    ("x: str = Input(default='b', regex='a')", "default not a regex match for input: x: str"),
    ("x: float = Input(choices=[1.0, 2.0])", "incompatible input type for choices: x: float"),
    ("x: str = Input(choices=['a'])", "choices=['a'] must have >= 2 elements: x: str"),
    ("x: int = Input(choices=[1, 2], ge=1)", "choices and ge/le are mutually exclusive: x: int"),
    ("x: str = Input(choices=['a', 'b'], max_length=3)", "choices and min_length/max_length are mutually exclusive: x: str"),
    ("x: str = Input(choices=['a', 2])", "not all choices have the same type as input: x: str"),
    ("x: str = Input(accept='image/*')", "accept is only valid on Path or File inputs (parameter 'x')"),
    ("x: int = Input(default='a', ge=1)", "invalid default for x: int: 'a'"),
    ("x: str = Input(regex='(unclosed')", "invalid regex for input: x: str: missing ), unterminated subpattern"),
    ("x: 'NotDefinedAnywhere'", "cannot resolve type annotations of run(): NameError: name 'NotDefinedAnywhere' is not defined"),
    ("x: Literal['a', 1]", "Literal['a', 1] values must be all str or all int"),
    ("x: Color = Input(choices=['red', 'blue'])", "choices cannot be combined with an Enum or Literal type: x: Color"),
]


@pytest.mark.parametrize("declaration,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_definition_errors(load, declaration, message):
    with pytest.raises(SchemaError) as info:
        _single(load, declaration)
    assert message in str(info.value)


def test_default_factory_is_rejected(load):
    # Input() raises while the module is imported, so it surfaces as a load error.
    with pytest.raises(PredictorLoadError, match=r"TypeError: default_factory is not supported in Input\(\)"):
        _single(load, "x: list = Input(default_factory=list)")
