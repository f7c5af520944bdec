"""Test helper for static-schema.test.ts: the SDK's documents (what a container reports) for every
example project and every schema fixture of the SDK's own tests (python/tests), so the static
analyser is compared with the real thing on the same sources.

    python3 sdk_documents.py <work dir> <examples dir>  →  JSON list of
    {"name", "dir", "predict", "train", "doc" | "error"}
"""

import json
import os
import shutil
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "python" / "tests"))
warnings.simplefilter("ignore")

from cog._predictor import load_predictor, merge_documents  # noqa: E402
from conftest import HEADER  # noqa: E402
import test_coercion  # noqa: E402
import test_golden_documents  # noqa: E402
import test_schema_inputs  # noqa: E402
import test_schema_outputs  # noqa: E402
import test_worked_example  # noqa: E402


def fixtures():
    """(name, source, class name, mode) of every schema fixture of the SDK tests."""
    inputs = test_schema_inputs
    for declaration, *_ in inputs.CASES + inputs.ERRORS:
        yield (f"input {declaration}", HEADER + inputs.PRELUDE
               + f"\nclass Runner(BaseRunner):\n    def run(self, {declaration}) -> str:\n        return ''\n",
               "Runner", "predict")
    outputs = test_schema_outputs
    for annotation, *_ in outputs.CASES + outputs.ERRORS:
        yield (f"output {annotation}", HEADER + outputs.PRELUDE
               + f"\nclass Runner(BaseRunner):\n    def run(self) -> {annotation}:\n        ...\n", "Runner", "predict")
    yield ("worked example", HEADER + test_worked_example.SOURCE, "Predictor", "predict")
    yield ("worked example, string annotations",
           "from __future__ import annotations\n" + HEADER + test_worked_example.SOURCE, "Predictor", "predict")
    yield ("golden trainer", HEADER + test_golden_documents.TRAINER, "Trainer", "train")
    yield ("coercion runner", HEADER + test_coercion.SOURCE, "Runner", "predict")
    for annotation, *_ in test_coercion.UNION_CASES:
        yield (f"union {annotation}", HEADER + test_coercion.UNIONS.format(annotation=annotation), "Runner", "predict")


# Whole projects: imports across the project's files, parents, decorators, string annotations.
PROJECTS = {
    "project relative import": ({
        "pkg/__init__.py": "",
        "pkg/models.py": "from cog import BaseModel, Path\nclass Out(BaseModel):\n    image: Path\n    score: float = 0.5\n",
        "pkg/runner.py": "from cog import BaseRunner, Input\nfrom .models import Out\n\nclass Runner(BaseRunner):\n"
                         "    def run(self, steps: int = Input(default=2, ge=1)) -> Out:\n        ...\n",
    }, "pkg/runner.py:Runner", None),
    "project parent class": ({
        "base.py": "from typing import Optional\nfrom cog import BaseRunner, Secret\n\nclass Base(BaseRunner):\n"
                   "    def setup(self, weights=None) -> None:\n        pass\n\n"
                   "    def run(self, key: Optional[Secret] = None, n: int | float = 1) -> str:\n        return ''\n",
        "run.py": "from base import Base\n\nclass Runner(Base):\n    pass\n",
    }, "run.py:Runner", None),
    "project package re-export": ({
        "shapes/__init__.py": "from .types import Shape, Size\n",
        "shapes/types.py": "import enum\nfrom typing import TypedDict\nfrom typing import NotRequired\n\n"
                           "class Size(str, enum.Enum):\n    SMALL = 'small'\n    LARGE = 'large'\n\n"
                           "class Shape(TypedDict):\n    name: str\n    sides: NotRequired[int]\n",
        "run.py": "from cog import BaseRunner\nfrom shapes import Shape, Size\n\nclass Runner(BaseRunner):\n"
                  "    def run(self, size: Size = Size.LARGE, extra: dict = {}) -> list[Shape]:\n        return []\n",
    }, "run.py:Runner", None),
    "project async concurrent iterator": ({
        "run.py": "import cog\nfrom typing import AsyncIterator\n\nclass Runner(cog.BaseRunner):\n"
                  "    @cog.concurrent(max=4)\n    @cog.streaming\n"
                  "    async def run(self, prompt: str = cog.Input(description='p')) -> AsyncIterator[str]:\n"
                  "        yield prompt\n",
    }, "run.py:Runner", None),
    "project string annotations and dataclass": ({
        "run.py": "from __future__ import annotations\nimport dataclasses\nfrom typing import Literal, Optional\n"
                  "from cog import BaseRunner, File, Input\n\n@dataclasses.dataclass\nclass Result:\n"
                  "    text: str\n    tags: list[str] = dataclasses.field(default_factory=list)\n"
                  "    note: Optional[str] = None\n\nclass Runner(BaseRunner):\n"
                  "    def run(self, f: File, mode: Literal['a', 'b'] = 'a', n: list[int] = Input(default=[1], le=9)) -> Result:\n"
                  "        ...\n",
    }, "run.py:Runner", None),
    "project dataclass fields": ({
        "run.py": "import dataclasses\nfrom cog import BaseRunner\n\n@dataclasses.dataclass\nclass Out:\n"
                  "    a: int = dataclasses.field(metadata={'x': 1})\n    b: int = dataclasses.field(default=3)\n"
                  "    c: list[int] = dataclasses.field(default_factory=list)\n\n"
                  "class Runner(BaseRunner):\n    def run(self) -> Out:\n        ...\n",
    }, "run.py:Runner", None),
    "project function runner": ({
        "run.py": "from cog import Input, Path\n\ndef run(image: Path, scale: float = Input(default=1.5, ge=1, le=4)) -> Path:\n"
                  "    return image\n",
    }, "run.py:run", None),
    "project external type": ({
        "run.py": "import datetime\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n"
                  "    def run(self, day: datetime.date) -> str:\n        return ''\n",
    }, "run.py:Runner", None),
    "project streaming without iterator": ({
        "run.py": "from cog import BaseRunner, streaming\n\nclass Runner(BaseRunner):\n"
                  "    @streaming\n    def run(self, x: int) -> str:\n        return ''\n",
    }, "run.py:Runner", None),
}


def document(directory, predict, train):
    cwd = os.getcwd()
    os.chdir(directory)
    sys.path.insert(0, directory)
    try:
        doc = load_predictor(predict, "predict").schema if predict else None
        if train:
            trained = load_predictor(train, "train").schema
            doc = merge_documents(doc, trained) if doc else trained
        return {"doc": doc}
    except Exception as exc:  # noqa: BLE001 - the message is what gets compared
        return {"error": str(exc)}
    finally:
        sys.path.remove(directory)
        os.chdir(cwd)


def main():
    work, examples = Path(sys.argv[1]), Path(sys.argv[2])
    results = []
    for project in sorted(p for p in examples.iterdir() if (p / "cog.yaml").exists()):
        refs = {}
        for line in (project / "cog.yaml").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("run", "predict", "train"):
                refs["train" if key == "train" else "predict"] = value.strip().strip("\"'")
        if not any(ref.split(":")[0].endswith(".py") for ref in refs.values()):
            continue  # TypeScript/JavaScript examples have their schema from src/ts-schema
        target = work / f"example-{project.name}"
        shutil.copytree(project, target)
        results.append({"name": f"example {project.name}", "dir": str(target), "predict": refs.get("predict"),
                        "train": refs.get("train"),
                        **document(str(target), refs.get("predict"), refs.get("train"))})
    for number, (name, (files, predict, train)) in enumerate(PROJECTS.items()):
        target = work / f"project-{number}"
        for relative, text in files.items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_text(text)
        results.append({"name": name, "dir": str(target), "predict": predict, "train": train,
                        **document(str(target), predict, train)})
    for number, (name, source, ref, mode) in enumerate(fixtures()):
        target = work / f"fixture-{number}"
        target.mkdir()
        file = f"fixture_{number}.py"  # one module name per fixture: sys.modules is shared
        (target / file).write_text(source)
        predict = f"{file}:{ref}" if mode == "predict" else None
        train = f"{file}:{ref}" if mode == "train" else None
        results.append({"name": name, "dir": str(target), "predict": predict, "train": train,
                        **document(str(target), predict, train)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
