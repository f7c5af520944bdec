"""pydantic models as outputs (schema and encoding), recognised without the SDK importing pydantic."""

import sys

import pytest

pydantic = pytest.importorskip("pydantic")

from cog import Path, Secret  # noqa: E402
from cog._predictor import encode_output  # noqa: E402


def test_pydantic_output_schema(load):
    predictor = load("""
import pydantic

class Result(pydantic.BaseModel):
    text: str
    score: float = 0.5
    files: List[Path] = []
    note: Optional[str] = None

class Runner(BaseRunner):
    def run(self) -> Result:
        ...
""")
    assert predictor.schema["components"]["schemas"]["Output"] == {
        "title": "Output",
        "type": "object",
        "properties": {
            "text": {"title": "Text", "type": "string"},
            "score": {"title": "Score", "type": "number", "default": 0.5},
            "files": {"title": "Files", "type": "array", "items": {"type": "string", "format": "uri"}, "default": []},
            "note": {"title": "Note", "type": "string", "nullable": True},
        },
        "required": ["text"],
    }


def test_pydantic_output_encoding():
    class Result(pydantic.BaseModel):
        text: str
        image: Path
        token: Secret

    # cog types validate inside pydantic models, as they did in the original.
    value = Result(text="t", image="/tmp/i.png", token="pw")
    assert isinstance(value.image, Path) and value.token.get_secret_value() == "pw"
    assert encode_output(value) == {"text": "t", "image": {"__cog_file__": "/tmp/i.png"}, "token": "**********"}
    assert Result.model_json_schema()["properties"]["image"] == {"type": "string", "format": "uri", "title": "Image"}


def test_sdk_does_not_import_pydantic():
    import subprocess
    from pathlib import Path as P

    code = "import sys, cog, cog._predictor; assert 'pydantic' not in sys.modules; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(P(__file__).resolve().parent.parent)})
    assert result.stdout.strip() == "ok", result.stderr
