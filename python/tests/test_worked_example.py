"""The worked example of spec §8.8 must come out byte-for-byte (key order and number format),
except `key`'s `"default": null`, which the original 0.22 writes (the [SCHEMA-GO] difference the
spec names) and the cog-runtime generator did not."""

import json

from conftest import HEADER

EXPECTED = """
{
  "Input": {"type": "object", "title": "Input", "required": ["prompt"], "properties": {
    "prompt": {"x-order": 0, "title": "Prompt", "type": "string", "description": "The prompt", "minLength": 1},
    "steps":  {"x-order": 1, "title": "Steps", "type": "integer", "default": 4, "minimum": 1.0, "maximum": 10.0},
    "mode":   {"x-order": 2, "allOf": [{"$ref": "#/components/schemas/mode"}], "default": "fast"},
    "tags":   {"x-order": 3, "title": "Tags", "type": "array", "items": {"type": "string"}, "default": ["x"]},
    "seed":   {"x-order": 4, "title": "Seed", "type": "integer", "nullable": true, "description": "seed"},
    "key":    {"x-order": 5, "title": "Key", "type": "string", "format": "password", "writeOnly": true,
               "x-cog-secret": true, "nullable": true, "default": null}}},
  "Output": {"title": "Output", "type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator"},
  "mode": {"title": "mode", "description": "An enumeration.", "enum": ["fast", "slow"], "type": "string"}
}
"""

SOURCE = """
class Predictor(BasePredictor):
    def predict(self,
        prompt: str = Input(description="The prompt", min_length=1),
        steps: int = Input(default=4, ge=1, le=10),
        mode: str = Input(choices=["fast", "slow"], default="fast"),
        tags: List[str] = Input(default=["x"]),
        seed: Optional[int] = Input(description="seed"),
        key: Optional[Secret] = Input(default=None),
    ) -> Iterator[str]: ...
"""


def test_worked_example_components_are_byte_identical(load):
    predictor = load(SOURCE, ref="Predictor")
    schemas = predictor.schema["components"]["schemas"]
    actual = json.dumps({name: schemas[name] for name in ("Input", "Output", "mode")})
    # Re-serialise the expected text compactly; json.loads keeps key order and `1.0` vs `1`.
    expected = json.dumps(json.loads(EXPECTED))
    assert actual == expected
    assert '"minimum": 1.0' in actual


def test_worked_example_with_typing_header_matches_from_future_annotations(load):
    # String annotations (PEP 563) resolve to the same schema.
    predictor = load("from __future__ import annotations\n" + HEADER + SOURCE, ref="Predictor", header=False)
    schemas = predictor.schema["components"]["schemas"]
    assert json.dumps(schemas["Input"]) == json.dumps(json.loads(EXPECTED)["Input"])
    assert predictor.is_stream is True
    assert predictor.is_async is False
