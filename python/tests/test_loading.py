"""load_predictor: references, load errors, class/function shapes, deprecation rules (spec §7.1, §7.2)."""

import asyncio
import warnings

import pytest

from cog._errors import PredictorLoadError, SchemaError
from cog._predictor import load_predictor


def _write(workdir, name, text):
    (workdir / name).write_text(text)


def test_missing_file(workdir):
    with pytest.raises(PredictorLoadError, match=r'predictor file not found: nope.py \(from "nope.py:Runner"\)'):
        load_predictor("nope.py:Runner", "predict")


def test_missing_class(workdir):
    _write(workdir, "run.py", "x = 1\n")
    with pytest.raises(PredictorLoadError, match="run.py has no class or function named 'Runner'"):
        load_predictor("run.py:Runner", "predict")


def test_syntax_error(workdir):
    _write(workdir, "run.py", "def broken(:\n")
    with pytest.raises(PredictorLoadError) as info:
        load_predictor("run.py:Runner", "predict")
    assert str(info.value).startswith("failed to import run.py: SyntaxError: ")
    assert "(run.py, line 1)" in str(info.value)


def test_import_error_keeps_cause(workdir):
    _write(workdir, "run.py", "import definitely_not_a_module_xyz\n")
    with pytest.raises(PredictorLoadError) as info:
        load_predictor("run.py:Runner", "predict")
    assert str(info.value) == "failed to import run.py: ModuleNotFoundError: No module named 'definitely_not_a_module_xyz'"
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_bad_mode(workdir):
    with pytest.raises(ValueError, match="mode must be 'predict' or 'train'"):
        load_predictor("run.py:Runner", "schema")


def test_sibling_module_import(workdir):
    _write(workdir, "helper.py", "GREETING = 'hi'\n")
    _write(workdir, "run.py", """
from cog import BaseRunner
from helper import GREETING

class Runner(BaseRunner):
    def run(self, name: str) -> str:
        return f"{GREETING} {name}"
""")
    predictor = load_predictor("run.py:Runner", "predict")
    assert predictor.run({"name": "bob"}) == "hi bob"


def test_ref_in_subdirectory(workdir):
    (workdir / "pkg").mkdir()
    _write(workdir, "pkg/model.py", "from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self) -> int:\n        return 7\n")
    assert load_predictor("pkg/model.py:Runner", "predict").run({}) == 7


def test_default_names_prefer_runner(workdir):
    _write(workdir, "run.py", """
from cog import BaseRunner
class Runner(BaseRunner):
    def run(self) -> str:
        return "runner"
class Predictor(BaseRunner):
    def run(self) -> str:
        return "predictor"
""")
    with pytest.warns(DeprecationWarning, match="Both Runner and Predictor are defined; using Runner"):
        predictor = load_predictor("run.py", "predict")
    assert predictor.run({}) == "runner"


def test_default_name_predictor_is_deprecated(workdir):
    _write(workdir, "predict.py", """
from cog import BaseRunner
class Predictor(BaseRunner):
    def run(self) -> str:
        return "p"
""")
    with pytest.warns(DeprecationWarning, match="Predictor is deprecated; use Runner instead"):
        assert load_predictor("predict.py", "predict").run({}) == "p"


def test_no_default_name(workdir):
    _write(workdir, "run.py", "x = 1\n")
    with pytest.raises(PredictorLoadError, match="run.py defines none of 'Runner' or 'Predictor'"):
        load_predictor("run.py", "predict")


def test_base_predictor_and_predict_are_deprecated(load, workdir):
    _write(workdir, "legacy.py", """
from cog import BasePredictor
class Predictor(BasePredictor):
    def predict(self, x: int) -> int:
        return x * 2
""")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        predictor = load_predictor("legacy.py:Predictor", "predict")
    messages = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert "BasePredictor is deprecated; use BaseRunner instead" in messages
    assert "Predictor.predict() is deprecated; use run() instead" in messages
    assert predictor.run({"x": 4}) == 8


def test_run_and_predict_both_defined(load):
    with pytest.raises(SchemaError, match=r"Runner must define either run\(\) or predict\(\), not both"):
        load("""
class Runner(BaseRunner):
    def run(self) -> str: ...
    def predict(self) -> str: ...
""")


def test_neither_run_nor_predict(load):
    with pytest.raises(SchemaError, match="run or predict method not found: Runner"):
        load("class Runner(BaseRunner):\n    pass\n")


def test_inherited_run_counts(load):
    predictor = load("""
class Base(BaseRunner):
    def run(self, x: int) -> int:
        return x + 1
class Runner(Base):
    pass
""")
    assert predictor.run({"x": 1}) == 2


def test_class_without_base_class(load):
    predictor = load("class Runner:\n    def run(self, x: str) -> str:\n        return x.upper()\n")
    assert predictor.run({"x": "a"}) == "A"


def test_base_runner_shims():
    from cog import BaseRunner

    class OnlyPredict(BaseRunner):
        def predict(self, x):
            return x

    class OnlyRun(BaseRunner):
        def run(self, x):
            return x * 3

    assert OnlyPredict().run(x=5) == 5
    with pytest.warns(DeprecationWarning, match=r"OnlyRun.predict\(\) is deprecated; use run\(\) instead"):
        assert OnlyRun().predict(x=2) == 6


def test_function_predictor(load):
    predictor = load("def run(text: str, n: int = 2) -> str:\n    return text * n\n", ref="run")
    assert predictor.run({"text": "ab"}) == "abab"
    assert predictor.setup(None) is None
    assert predictor.healthcheck() is None
    assert predictor.has_healthcheck is False
    assert list(predictor.schema["components"]["schemas"]["Input"]["properties"]) == ["text", "n"]


def test_async_function_and_generators(load):
    predictor = load("async def run(x: int) -> int:\n    return x + 1\n", ref="run")
    assert predictor.is_async is True and predictor.is_stream is False
    assert asyncio.run(predictor.run({"x": 1})) == 2
    agen = load("async def run(n: int) -> AsyncIterator[int]:\n    for i in range(n):\n        yield i\n", ref="run")
    assert agen.is_async is True and agen.is_stream is True

    async def collect():
        return [item async for item in agen.run({"n": 3})]

    assert asyncio.run(collect()) == [0, 1, 2]


def test_setup_with_and_without_weights(load):
    with_weights = load("""
class Runner(BaseRunner):
    def setup(self, weights=None) -> None:
        self.weights = weights
    def run(self) -> str:
        return str(self.weights)
""")
    assert with_weights.setup("/src/weights") is None
    assert with_weights.run({}) == "/src/weights"
    plain = load("""
class Runner(BaseRunner):
    def setup(self):
        self.ready = True
    def run(self) -> bool:
        return self.ready
""")
    plain.setup("ignored")
    assert plain.run({}) is True


def test_async_setup_returns_awaitable(load):
    predictor = load("""
class Runner(BaseRunner):
    async def setup(self) -> None:
        self.value = 42
    def run(self) -> int:
        return self.value
""")
    awaitable = predictor.setup(None)
    asyncio.run(awaitable)
    assert predictor.run({}) == 42


def test_setup_signature_errors(load):
    with pytest.raises(SchemaError, match=r"unexpected setup\(\) arguments: x, y"):
        load("class Runner(BaseRunner):\n    def setup(self, x, y): ...\n    def run(self) -> str: ...\n")
    with pytest.raises(SchemaError, match=r"setup\(\) must return None"):
        load("class Runner(BaseRunner):\n    def setup(self) -> int: ...\n    def run(self) -> str: ...\n")


def test_instance_created_once_lazily(load):
    predictor = load("""
COUNT = []
class Runner(BaseRunner):
    def __init__(self):
        COUNT.append(1)
    def run(self) -> int:
        return len(COUNT)
""")
    assert predictor.run({}) == 1
    assert predictor.run({}) == 1


def test_healthcheck(load):
    predictor = load("""
class Runner(BaseRunner):
    def run(self) -> str: ...
    def healthcheck(self) -> bool:
        return False
""")
    assert predictor.has_healthcheck is True
    assert predictor.healthcheck() is False
    async_check = load("""
class Runner(BaseRunner):
    def run(self) -> str: ...
    async def healthcheck(self) -> bool:
        return True
""")
    assert asyncio.run(async_check.healthcheck()) is True


def test_concurrency(load):
    predictor = load("""
class Runner(BaseRunner):
    @concurrent(max=4)
    async def run(self) -> str:
        return "x"
""")
    assert predictor.max_concurrency == 4
    assert load("class Runner(BaseRunner):\n    def run(self) -> str: ...\n").max_concurrency is None
    # A mark set by hand (bypassing the decorator's own check) is still caught at load.
    with pytest.raises(SchemaError, match=r"@concurrent\(max > 1\) requires an async run\(\) or predict\(\) method"):
        load("""
class Runner(BaseRunner):
    def run(self) -> str: ...
    run.__cog_concurrent_max__ = 3
""")


def test_concurrent_decorator_rules():
    from cog import concurrent

    with pytest.raises(TypeError, match="concurrent max must be an integer"):
        concurrent(max=1.5)
    with pytest.raises(ValueError, match="concurrent max must be at least 1"):
        concurrent(max=0)
    with pytest.raises(TypeError, match="concurrent max greater than 1 requires an async function"):
        concurrent(max=2)(lambda: None)
    assert concurrent(max=1)(lambda: None).__cog_concurrent_max__ == 1


def test_train_mode(load):
    trainer = load("""
class Trainer(BaseRunner):
    def setup(self) -> None:
        self.base = 10
    def train(self, steps: int) -> int:
        return self.base + steps
""", ref="Trainer", mode="train")
    trainer.setup(None)
    assert trainer.run({"steps": 5}) == 15
    fn = load("def train(lr: float = 0.1) -> float:\n    return lr\n", ref="train", mode="train")
    assert fn.run({}) == 0.1
    assert "TrainingInput" in fn.schema["components"]["schemas"]
    with pytest.raises(SchemaError, match="train method not found: Runner"):
        load("class Runner(BaseRunner):\n    def run(self) -> str: ...\n", mode="train")


def test_decorated_method_is_unwrapped(load):
    predictor = load("""
import functools
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

class Runner(BaseRunner):
    @logged
    def run(self, x: int = 2) -> int:
        return x
""")
    assert list(predictor.schema["components"]["schemas"]["Input"]["properties"]) == ["x"]
    assert predictor.run({}) == 2


def test_static_and_class_methods(load):
    static = load("""
class Runner(BaseRunner):
    @staticmethod
    def run(x: int) -> int:
        return x + 1
""")
    assert list(static.schema["components"]["schemas"]["Input"]["properties"]) == ["x"]
    assert static.run({"x": 1}) == 2
    klass = load("""
class Runner(BaseRunner):
    @classmethod
    def run(cls, y: int) -> str:
        return cls.__name__ + str(y)
""")
    assert list(klass.schema["components"]["schemas"]["Input"]["properties"]) == ["y"]
    assert klass.run({"y": 3}) == "Runner3"


def test_sdk_deprecations_are_visible_outside_main(workdir):
    # A fresh interpreter with default warning filters: the rename warnings reach stderr.
    import subprocess
    import sys
    from pathlib import Path

    _write(workdir, "predict.py", "from cog import BasePredictor\nclass Predictor(BasePredictor):\n"
                                  "    def predict(self) -> str:\n        return ''\n")
    python_dir = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", "from cog._predictor import load_predictor; load_predictor('predict.py', 'predict')"],
        cwd=workdir, capture_output=True, text=True, env={"PYTHONPATH": str(python_dir), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert "Predictor is deprecated; use Runner instead" in result.stderr
    assert "BasePredictor is deprecated; use BaseRunner instead" in result.stderr
    assert "Predictor.predict() is deprecated; use run() instead" in result.stderr


def test_sdk_deprecations_point_at_the_users_code_once_per_process(workdir):
    import subprocess
    import sys
    from pathlib import Path

    _write(workdir, "predict.py", "from cog import BasePredictor\n\n\nclass Predictor(BasePredictor):\n"
                                  "    def predict(self) -> str:\n        return ''\n")
    python_dir = Path(__file__).resolve().parent.parent
    script = (
        "from cog._predictor import load_predictor\n"
        "for _ in range(3):\n"
        "    p = load_predictor('predict.py:Predictor', 'predict')\n"
        "    p.setup(None)\n"
        "    p.run({})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=workdir, capture_output=True, text=True,
        env={"PYTHONPATH": str(python_dir), "PATH": "/usr/bin:/bin"}, check=True,
    )
    lines = result.stderr.splitlines()
    assert f"{workdir}/predict.py:4: CogDeprecationWarning: BasePredictor is deprecated; use BaseRunner instead" in lines
    assert f"{workdir}/predict.py:5: CogDeprecationWarning: Predictor.predict() is deprecated; use run() instead" in lines
    assert result.stderr.count("is deprecated") == 2, result.stderr
    assert "/cog/" not in result.stderr, result.stderr


def test_input_defaults_replaced_for_direct_calls(load):
    predictor = load("""
class Runner(BaseRunner):
    def run(self, prompt: str, steps: int = Input(default=4, ge=1), seed: Optional[int] = Input(description="s")) -> str:
        return f"{prompt}|{steps}|{seed}"
""")
    import sys

    module = sys.modules[type(predictor._ensure_instance()).__module__]
    # A direct call (as a user's own test would do) sees real defaults, not FieldInfo objects.
    assert module.Runner().run("p") == "p|4|None"
    # Schema and worker behaviour are unchanged, also when the predictor is loaded again.
    assert predictor.run({"prompt": "q"}) == "q|4|None"
    assert predictor.schema["components"]["schemas"]["Input"]["properties"]["steps"]["minimum"] == 1.0


def test_shared_base_class_inspected_twice_keeps_input_metadata(workdir):
    _write(workdir, "base.py", """
from cog import BaseRunner, Input
class Base(BaseRunner):
    def run(self, steps: int = Input(default=4, ge=1, description="Steps")) -> int:
        return steps
    def train(self, steps: int = Input(default=2, le=9)) -> int:
        return steps
""")
    _write(workdir, "one.py", "from base import Base\nclass Runner(Base):\n    pass\n")
    _write(workdir, "two.py", "from base import Base\nclass Trainer(Base):\n    pass\n")
    first = load_predictor("one.py:Runner", "predict")
    again = load_predictor("two.py:Trainer", "predict")
    trainer = load_predictor("two.py:Trainer", "train")
    for predictor in (first, again):
        steps = predictor.schema["components"]["schemas"]["Input"]["properties"]["steps"]
        assert (steps["default"], steps["minimum"], steps["description"]) == (4, 1.0, "Steps")
    assert trainer.schema["components"]["schemas"]["TrainingInput"]["properties"]["steps"]["maximum"] == 9.0
    assert again.run({}) == 4 and trainer.run({}) == 2


def test_decorator_without_wraps_is_unwrapped_through_its_closure(load):
    predictor = load("""
import time

def timed(fn):
    def wrapper(*args, **kwargs):
        start = time.time()
        result = fn(*args, **kwargs)
        print("took", time.time() - start)
        return result
    return wrapper

class Runner(BaseRunner):
    @timed
    def run(self, text: str = Input(description="t"), n: int = 2) -> str:
        return text * n
""")
    props = predictor.schema["components"]["schemas"]["Input"]["properties"]
    assert list(props) == ["text", "n"] and props["text"]["description"] == "t"
    assert predictor.run({"text": "ab"}) == "abab"


def test_wrapper_closing_over_two_functions_is_not_guessed(load):
    with pytest.raises(SchemaError, match="unsupported \\*args parameter args"):
        load("""
def pick(a, b):
    def wrapper(*args, **kwargs):
        return a(*args, **kwargs) or b(*args, **kwargs)
    return wrapper

def one(self, x: int) -> int: ...
def two(self, x: int) -> int: ...

class Runner(BaseRunner):
    run = pick(one, two)
""")
