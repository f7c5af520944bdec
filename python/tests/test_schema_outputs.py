"""`Output` component rules (spec §8.4 outputs, §5.1 iterators), exact JSON."""

import json

import pytest

from cog._errors import SchemaError

PRELUDE = """
import datetime
from typing import Annotated, AsyncIterator, Generator, TypedDict
from typing import NotRequired, Required
from cog import Opaque

class Item(BaseModel):
    name: str
    score: float = 0.5

class Result(BaseModel):
    text: str
    image: Path
    caption: Optional[str]
    items: List[Item]
    extra: Dict[str, int]
    note: str = "n"

class Node(BaseModel):
    value: int
    children: List["Node"]

class Typed(TypedDict):
    a: int

class Partial(TypedDict, total=False):
    a: Required[int]
    b: str

class Marked(TypedDict):
    a: int
    b: NotRequired[int]
    c: NotRequired[Optional[List[str]]]

class Manual(BaseModel, auto_dataclass=False):
    label: str
    count: int = 1

    def __init__(self, label):
        self.label = label
"""

CASES = [
    ("str", {"type": "string"}, False),
    ("int", {"type": "integer"}, False),
    ("float", {"type": "number"}, False),
    ("bool", {"type": "boolean"}, False),
    ("Path", {"type": "string", "format": "uri"}, False),
    ("File", {"type": "string", "format": "uri"}, False),
    ("Secret", {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}, False),
    ("list", {"type": "array", "items": {"type": "object"}}, False),
    ("List[Path]", {"type": "array", "items": {"type": "string", "format": "uri"}}, False),
    ("list[dict[str, int]]", {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "integer"}}}, False),
    ("dict", {"type": "object"}, False),
    ("Any", {"type": "object"}, False),
    ("Dict[str, Any]", {"type": "object"}, False),
    ("Dict[str, List[str]]", {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}, False),
    ("Annotated[datetime.datetime, Opaque]", {"type": "object"}, False),
    ("Iterator[str]", {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator"}, True),
    ("Generator[Path, None, None]", {"type": "array", "items": {"type": "string", "format": "uri"}, "x-cog-array-type": "iterator"}, True),
    ("AsyncIterator[int]", {"type": "array", "items": {"type": "integer"}, "x-cog-array-type": "iterator"}, True),
    (
        "ConcatenateIterator[str]",
        {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator", "x-cog-array-display": "concatenate"},
        True,
    ),
    (
        "AsyncConcatenateIterator[str]",
        {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator", "x-cog-array-display": "concatenate"},
        True,
    ),
    ("Typed", {"type": "object", "properties": {"a": {"title": "A", "type": "integer"}}, "required": ["a"]}, False),
    ("Partial", {"type": "object", "properties": {
        "a": {"title": "A", "type": "integer"}, "b": {"title": "B", "type": "string"},
    }, "required": ["a"]}, False),
    ("Marked", {"type": "object", "properties": {
        "a": {"title": "A", "type": "integer"},
        "b": {"title": "B", "type": "integer"},
        "c": {"title": "C", "type": "array", "items": {"type": "string"}, "nullable": True},
    }, "required": ["a"]}, False),
    ("List[Marked]", {"type": "array", "items": {"type": "object", "properties": {
        "a": {"title": "A", "type": "integer"},
        "b": {"title": "B", "type": "integer"},
        "c": {"title": "C", "type": "array", "items": {"type": "string"}, "nullable": True},
    }, "required": ["a"]}}, False),
    ("Manual", {"type": "object", "properties": {
        "label": {"title": "Label", "type": "string"},
        "count": {"title": "Count", "type": "integer", "default": 1},
    }, "required": ["label"]}, False),
    ("Node", {"type": "object", "properties": {
        "value": {"title": "Value", "type": "integer"},
        "children": {"title": "Children", "type": "array", "items": {"type": "object"}},
    }, "required": ["value", "children"]}, False),
]


def _with_return(load, annotation: str):
    return load(PRELUDE + f"\nclass Runner(BaseRunner):\n    def run(self) -> {annotation}:\n        ...\n")


@pytest.mark.parametrize("annotation,expected,stream", CASES, ids=[c[0] for c in CASES])
def test_output_fragment(load, annotation, expected, stream):
    predictor = _with_return(load, annotation)
    output = predictor.schema["components"]["schemas"]["Output"]
    assert json.dumps(output) == json.dumps({"title": "Output", **expected})
    assert predictor.is_stream is stream


def test_base_model_output(load):
    predictor = _with_return(load, "Result")
    assert predictor.schema["components"]["schemas"]["Output"] == {
        "title": "Output",
        "type": "object",
        "properties": {
            "text": {"title": "Text", "type": "string"},
            "image": {"title": "Image", "type": "string", "format": "uri"},
            "caption": {"title": "Caption", "type": "string", "nullable": True},
            "items": {"title": "Items", "type": "array", "items": {
                "type": "object",
                "properties": {"name": {"title": "Name", "type": "string"},
                               "score": {"title": "Score", "type": "number", "default": 0.5}},
                "required": ["name"],
            }},
            "extra": {"title": "Extra", "type": "object", "additionalProperties": {"type": "integer"}},
            "note": {"title": "Note", "type": "string", "default": "n"},
        },
        "required": ["text", "image", "items", "extra"],
    }


ERRORS = [
    ("Optional[str]", "unsupported output type: Optional is not allowed as a return type"),
    ("str | None", "unsupported output type: Optional is not allowed as a return type"),
    ("Union[str, int]", "union types are not supported as output"),
    ("None", "return type must not be None"),
    ("ConcatenateIterator[int]", "ConcatenateIterator element type must be str, got int"),
    ("AsyncConcatenateIterator[bytes]", "AsyncConcatenateIterator element type must be str, got bytes"),
    ("Iterator[Optional[str]]", "iterator element type must not be Optional or a union"),
    ("List[Iterator[str]]", "iterators are only supported as the top-level return type"),
    ("complex", "unsupported output type complex"),
]


@pytest.mark.parametrize("annotation,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_output_errors(load, annotation, message):
    with pytest.raises(SchemaError) as info:
        _with_return(load, annotation)
    assert message in str(info.value)


def test_missing_return_annotation(load):
    with pytest.raises(SchemaError, match=r"run\(\) must have a return type annotation"):
        load("class Runner(BaseRunner):\n    def run(self, x: int):\n        return x\n")
