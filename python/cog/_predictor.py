"""Loading a predictor for the worker: `load_predictor(ref, mode)` → `LoadedPredictor`.

This is the contract between the SDK and `cog._worker` (docs/architecture.md):

    predictor = load_predictor("run.py:Runner", "predict")
    predictor.schema            # the OpenAPI document
    predictor.setup(weights)    # may return an awaitable
    predictor.run(inputs)       # value, iterator, generator, coroutine or async generator
    encode_output(value)        # JSON-able, files as {"__cog_file__": path}

Load-time rules (exactly one of run()/predict(), deprecations, setup() signature) follow the
current Cog SDK; messages are the original's where it has one.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, List, Optional, Tuple, get_args, get_origin

from ._errors import InputError, PredictorLoadError, SchemaError
from ._inputs import InputSpec, coerce_inputs, describe_inputs, input_component
from ._deprecation import warn_deprecated
from ._loader import find_target, import_module, parse_ref
from ._outputs import encode_output
from ._output_types import analyse_output
from ._schema import build_document, merge_documents
from .input import MISSING, FieldInfo
from .predictor import BasePredictor, BaseRunner

__all__ = [
    "InputError", "LoadedPredictor", "PredictorLoadError", "SchemaError",
    "encode_output", "load_predictor", "merge_documents",
]

_MODES = ("predict", "train")
_STREAMING_ERROR = (
    "@streaming requires Iterator[...], AsyncIterator[...], ConcatenateIterator[...] or "
    "AsyncConcatenateIterator[...] return type"
)


def load_predictor(ref: str, mode: str) -> "LoadedPredictor":
    """Import the module of `ref` (relative to the working directory) and inspect its target.
    Raises `PredictorLoadError` (import/lookup) or `SchemaError` (signature/types)."""
    if mode not in _MODES:
        raise ValueError(f"mode must be 'predict' or 'train', got {mode!r}")
    path, name = parse_ref(ref)
    module = import_module(path, ref)
    target = find_target(module, path, name, mode)
    return LoadedPredictor(target, mode)


class LoadedPredictor:
    schema: dict
    is_async: bool
    is_stream: bool
    max_concurrency: Optional[int]
    has_healthcheck: bool
    # `@cog.batch`: {"max_size": N, "max_wait_ms": M}, or None.
    batch: Optional[Dict[str, Any]]

    def __init__(self, target: Any, mode: str) -> None:
        self._class: Optional[type] = target if inspect.isclass(target) else None
        self._instance: Any = None
        self._method_name, method = self._resolve_method(target, mode)
        self._function = method
        declared = _declared_function(method)
        self.batch = getattr(method, "__cog_batch__", None)
        # A batch method takes and returns lists; the schema describes one item, as each request sends.
        described = _batch_item_view(declared, self._method_name) if self.batch is not None else declared
        self._inputs: List[InputSpec] = describe_inputs(described, skip_first=self._takes_self())
        _replace_field_defaults(declared)
        unwrapped = inspect.unwrap(declared)
        self.is_async = inspect.iscoroutinefunction(unwrapped) or inspect.isasyncgenfunction(unwrapped)
        output = analyse_output(_return_annotation(described, self._method_name))
        if self.batch is not None and output.is_stream:
            raise SchemaError("@batch run() must return a list, not an iterator")
        self.is_stream = output.is_stream
        self.max_concurrency = getattr(method, "__cog_concurrent_max__", None)
        if self.batch is not None and self.max_concurrency is not None and self.max_concurrency > 1:
            raise SchemaError("@batch and @concurrent(max > 1) cannot be combined")
        if self.max_concurrency is not None and self.max_concurrency > 1 and not self.is_async:
            raise SchemaError("@concurrent(max > 1) requires an async run() or predict() method")
        streaming = bool(getattr(method, "__cog_streaming__", False))
        if streaming and not output.is_stream:
            raise SchemaError(_STREAMING_ERROR)
        self.schema = _document(mode, self._inputs, output.schema, streaming)
        self.has_healthcheck = self._class is not None and callable(getattr(self._class, "healthcheck", None))

    def _resolve_method(self, target: Any, mode: str) -> Tuple[str, Callable[..., Any]]:
        if self._class is None:
            return getattr(target, "__name__", "run"), target
        name = _method_name(self._class, mode)
        _check_setup(self._class)
        return name, getattr(self._class, name)

    def _takes_self(self) -> bool:
        # Plain methods are read unbound (skip `self`); static and class methods have no `self`
        # left in their signature.
        if self._class is None:
            return False
        return not isinstance(inspect.getattr_static(self._class, self._method_name), (staticmethod, classmethod))

    def _ensure_instance(self) -> Any:
        if self._class is not None and self._instance is None:
            self._instance = self._class()
        return self._instance

    def setup(self, weights: Optional[str]) -> object:
        """Call the user's `setup()` (with `weights=` if it takes it); may return an awaitable."""
        instance = self._ensure_instance()
        setup = getattr(instance, "setup", None) if instance is not None else None
        if setup is None or getattr(type(instance), "setup", None) is BaseRunner.setup:
            return None
        if "weights" in inspect.signature(setup).parameters:
            return setup(weights=weights)
        return setup()

    def run(self, inputs: Dict[str, Any]) -> object:
        """Coerce validated JSON inputs and call the user's method (raises `InputError`)."""
        kwargs = coerce_inputs(self._inputs, inputs)
        instance = self._ensure_instance()
        fn: Callable[..., Any] = getattr(instance, self._method_name) if instance is not None else self._function
        return fn(**kwargs)

    def coerce(self, inputs: Dict[str, Any]) -> Dict[str, Any]:
        """One request's validated JSON inputs → keyword arguments (raises `InputError`)."""
        return coerce_inputs(self._inputs, inputs)

    def run_batch(self, kwargs_list: List[Dict[str, Any]]) -> object:
        """Call a `@batch` method once for several coerced requests: one list per input."""
        names = [spec.name for spec in self._inputs]
        columns = {name: [kwargs[name] for kwargs in kwargs_list] for name in names}
        instance = self._ensure_instance()
        fn: Callable[..., Any] = getattr(instance, self._method_name) if instance is not None else self._function
        return fn(**columns)

    def healthcheck(self) -> object:
        """None without a user `healthcheck()`, else its result (a bool or an awaitable)."""
        if not self.has_healthcheck:
            return None
        return self._ensure_instance().healthcheck()


def _document(mode: str, inputs: List[InputSpec], output: dict, streaming: bool) -> dict:
    prefix = "Training" if mode == "train" else ""
    input_schema, enums = input_component(inputs, f"{prefix}Input")
    output_schema = {"title": f"{prefix}Output", **output}
    return build_document(
        mode=mode, input_schema=input_schema, output_schema=output_schema, enums=enums, streaming=streaming
    )


def _method_name(cls: type, mode: str) -> str:
    if issubclass(cls, BasePredictor):
        warn_deprecated("BasePredictor is deprecated; use BaseRunner instead", cls)
    own = [k for k in cls.__mro__ if k not in (BaseRunner, BasePredictor, object)]
    if mode == "train":
        if not any("train" in k.__dict__ for k in own):
            raise SchemaError(f"train method not found: {cls.__name__}")
        return "train"
    has_run = any("run" in k.__dict__ for k in own)
    has_predict = any("predict" in k.__dict__ for k in own)
    if has_run and has_predict:
        raise SchemaError(f"{cls.__name__} must define either run() or predict(), not both")
    if not has_run and not has_predict:
        raise SchemaError(f"run or predict method not found: {cls.__name__}")
    if has_predict:
        predict = next(k.__dict__["predict"] for k in own if "predict" in k.__dict__)
        warn_deprecated(f"{cls.__name__}.predict() is deprecated; use run() instead", predict)
        return "predict"
    return "run"


def _check_setup(cls: type) -> None:
    setup = getattr(cls, "setup", None)
    if setup is None or setup is BaseRunner.setup:
        return
    signature = inspect.signature(setup)
    extra = [p.name for p in list(signature.parameters.values())[1:] if p.name != "weights"]
    if extra:
        raise SchemaError(f"unexpected setup() arguments: {', '.join(extra)}")
    if signature.return_annotation not in (inspect.Signature.empty, None, "None", type(None)):
        raise SchemaError("setup() must return None")


def _declared_function(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The function whose signature declares the inputs. A decorator written without
    `functools.wraps` hides it behind `(*args, **kwargs)`; when such a wrapper closes over exactly
    one function, that function is the declaration (as the original's parser assumes). The
    wrapper is still what gets called."""
    current = fn
    for _ in range(8):  # decorator stacks are shallow; never loop on a cyclic closure
        current = inspect.unwrap(current)
        params = inspect.signature(current).parameters.values()
        if not any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
            return current
        inner = [c.cell_contents for c in (getattr(current, "__closure__", None) or ())
                 if inspect.isfunction(_cell_value(c))]
        if len(inner) != 1:
            return current
        current = inner[0]
    return current


def _cell_value(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


def _replace_field_defaults(fn: Callable[..., Any]) -> None:
    """Swap `Input(...)` objects in the function's defaults for the real defaults (None when the
    input is required), as the original does, so code calling `run()` directly with omitted
    arguments never receives a `FieldInfo`. The worker itself always passes every argument."""
    target = inspect.unwrap(getattr(fn, "__func__", fn))
    fields = {name: p.default for name, p in inspect.signature(target).parameters.items()
              if isinstance(p.default, FieldInfo)}
    if not fields:
        return
    # Keep the originals: the same function can be inspected again (a base class shared by a
    # predictor and a trainer), and `describe_inputs` reads them from here.
    target.__cog_inputs__ = {**getattr(target, "__cog_inputs__", {}), **fields}
    defaults = getattr(target, "__defaults__", None)
    if defaults:
        target.__defaults__ = tuple(_real_default(d) for d in defaults)
    kwdefaults = getattr(target, "__kwdefaults__", None)
    if kwdefaults:
        target.__kwdefaults__ = {k: _real_default(v) for k, v in kwdefaults.items()}


def _real_default(value: Any) -> Any:
    if isinstance(value, FieldInfo):
        return None if value.default is MISSING else value.default
    return value


def _batch_item_view(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A stand-in for a `@batch` method whose signature has the list's item types: `text: list[str]`
    reads as `text: str`, `-> list[int]` as `-> int`. Defaults (`Input(...)`) are per item."""
    try:
        signature = inspect.signature(fn, eval_str=True)
    except Exception as exc:  # noqa: BLE001 - string annotations can fail in any way when evaluated
        raise SchemaError(f"cannot resolve type annotations of {name}(): {type(exc).__name__}: {exc}") from exc
    params = []
    for param in signature.parameters.values():
        if param.annotation is param.empty:
            params.append(param)  # `self`, or a missing annotation describe_inputs reports
            continue
        params.append(param.replace(annotation=_list_item(param.annotation, f"input '{param.name}'")))
    returns = signature.return_annotation
    if returns is not inspect.Signature.empty:
        returns = _list_item(returns, "the return type")

    def view(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a schema view is never called")

    view.__name__ = getattr(fn, "__name__", name)
    view.__signature__ = signature.replace(parameters=params, return_annotation=returns)  # type: ignore[attr-defined]
    view.__cog_inputs__ = getattr(inspect.unwrap(fn), "__cog_inputs__", {})  # type: ignore[attr-defined]
    return view


def _list_item(annotation: Any, what: str) -> Any:
    origin = get_origin(annotation)
    if origin in (list, List) and get_args(annotation):
        return get_args(annotation)[0]
    raise SchemaError(f"@batch: {what} must be a list (list[...]), got {getattr(annotation, '__name__', annotation)}")


def _return_annotation(fn: Callable[..., Any], name: str) -> Any:
    try:
        annotation = inspect.signature(fn, eval_str=True).return_annotation
    except NameError as exc:
        raise SchemaError(f"cannot resolve the return type of {name}(): {exc}") from exc
    if annotation is inspect.Signature.empty:
        raise SchemaError(f"{name}() must have a return type annotation")
    return annotation
