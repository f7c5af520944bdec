"""A predictor's inputs: reading them from the signature, the `Input` schema component, and turning
the validated JSON the server sends into keyword arguments (with the worker-side checks of the
original's `check_input`, kept as a fallback behind the server's edge validation).
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import inspect
import json
import re
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._errors import InputError, SchemaError
from ._input_types import InputType, analyse_input, coerce_value, to_enum
from ._typing import title
from .input import MISSING, FieldInfo

_NUMERIC = ("int", "float")


@dataclasses.dataclass(frozen=True)
class InputSpec:
    name: str
    order: int
    type: InputType
    field: FieldInfo
    default: Any  # MISSING when none was given

    @property
    def nullable(self) -> bool:
        # `x: Secret = Input(default=None)` is the one non-Optional type for which None is a default.
        return self.type.nullable or (self.type.kind == "secret" and self.default is None)

    @property
    def choices(self) -> Optional[List[Any]]:
        """`Input(choices=...)`, or the values of an Enum/Literal annotation."""
        if self.field.choices is not None:
            return self.field.choices
        return list(self.type.element.choices) if self.type.element.choices else None

    @property
    def enum_component(self) -> bool:
        """Top-level choices are a named enum component; list items carry an inline `enum`."""
        return self.choices is not None and self.type.kind != "list"

    @property
    def required(self) -> bool:
        # A None default on a non-nullable type is not a default (spec §13 item 20).
        if self.nullable:
            return False
        return self.default is MISSING or self.default is None

    def fresh_default(self) -> Any:
        """The default for one prediction; list/dict defaults are copied so calls never share them."""
        if self.default is MISSING:
            return None
        return copy.deepcopy(self.default)


def describe_inputs(fn: Callable[..., Any], skip_first: bool) -> List[InputSpec]:
    """Read the parameters of `fn` (skipping `self` when `skip_first`). Raises `SchemaError`."""
    try:
        signature = inspect.signature(fn, eval_str=True)
    except Exception as exc:  # noqa: BLE001 - string annotations can fail in any way when evaluated
        raise SchemaError(f"cannot resolve type annotations of {fn.__name__}(): {type(exc).__name__}: {exc}") from exc
    params = list(signature.parameters.values())
    if skip_first and params and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD):
        params = params[1:]
    # `Input(...)` objects already swapped for real defaults by an earlier load (see
    # `_predictor._replace_field_defaults`).
    originals = getattr(inspect.unwrap(getattr(fn, "__func__", fn)), "__cog_inputs__", {})
    params = [p.replace(default=originals[p.name]) if p.name in originals else p for p in params]
    specs = []
    for order, param in enumerate(params):
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.KEYWORD_ONLY):
            kind = {param.VAR_POSITIONAL: "*args", param.VAR_KEYWORD: "**kwargs"}.get(param.kind, "keyword-only")
            raise SchemaError(f"unsupported {kind} parameter {param.name} in {fn.__name__}()")
        if param.annotation is param.empty:
            raise SchemaError(f"missing type annotation for input: {param.name}")
        specs.append(_describe_param(param, order))
    return specs


def _describe_param(param: inspect.Parameter, order: int) -> InputSpec:
    try:
        input_type = analyse_input(param.annotation)
    except SchemaError as exc:
        raise SchemaError(f"unsupported type for input '{param.name}': {exc}") from None
    raw = param.default
    field = raw if isinstance(raw, FieldInfo) else FieldInfo(default=MISSING if raw is param.empty else raw)
    spec = InputSpec(param.name, order, input_type, field, field.default)
    _check_definition(spec)
    return spec


def _check_definition(spec: InputSpec) -> None:
    """Definition-time checks of `Input(...)` options (messages as in the original's inspector)."""
    try:
        _check_options(spec)
    except TypeError as exc:  # e.g. comparing a str default with a numeric bound
        if isinstance(exc, SchemaError):
            raise
        raise SchemaError(f"invalid default for {spec.name}: {spec.type.label}: {spec.default!r}") from None


def _check_options(spec: InputSpec) -> None:
    where = f"{spec.name}: {spec.type.label}"
    has_default = spec.default is not MISSING and spec.default is not None
    defaults = (spec.default if isinstance(spec.default, list) else [spec.default]) if has_default else []
    _check_bounds(spec, where, defaults)
    _check_lengths(spec, where, defaults)
    _check_regex(spec, where, defaults)
    f = spec.field
    if f.choices is not None:
        if spec.type.element.choices:
            raise SchemaError(f"choices cannot be combined with an Enum or Literal type: {where}")
        _check_choices(spec, where)
    elif spec.type.element.choices and (f.ge is not None or f.le is not None):
        raise SchemaError(f"choices and ge/le are mutually exclusive: {where}")
    if f.accept is not None and spec.type.element.kind not in ("path", "file"):
        raise SchemaError(f"accept is only valid on Path or File inputs (parameter '{spec.name}')")


def _check_bounds(spec: InputSpec, where: str, defaults: List[Any]) -> None:
    ge, le = spec.field.ge, spec.field.le
    if ge is None and le is None:
        return
    if spec.type.element.kind not in _NUMERIC:
        raise SchemaError(f"incompatible input type for ge/le: {where}")
    for value in defaults:
        if ge is not None and value < ge:
            raise SchemaError(f"invalid default for {where}: must be at minimum {_num(ge)}")
        if le is not None and value > le:
            raise SchemaError(f"invalid default for {where}: must be at maximum {_num(le)}")


def _check_lengths(spec: InputSpec, where: str, defaults: List[Any]) -> None:
    low, high = spec.field.min_length, spec.field.max_length
    if low is None and high is None:
        return
    if spec.type.element.kind != "str":
        raise SchemaError(f"incompatible input type for min_length/max_length: {where}")
    for value in defaults:
        if low is not None and len(value) < low:
            raise SchemaError(f"default conflicts with min_length={low} for input: {where}")
        if high is not None and len(value) > high:
            raise SchemaError(f"default conflicts with max_length={high} for input: {where}")


def _check_regex(spec: InputSpec, where: str, defaults: List[Any]) -> None:
    regex = spec.field.regex
    if regex is None:
        return
    if spec.type.element.kind != "str":
        raise SchemaError(f"incompatible input type for regex: {where}")
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        raise SchemaError(f"invalid regex for input: {where}: {exc}") from None
    for value in defaults:
        if not compiled.match(value):
            raise SchemaError(f"default not a regex match for input: {where}")


def _check_choices(spec: InputSpec, where: str) -> None:
    f = spec.field
    if spec.type.kind not in ("str", "int"):
        raise SchemaError(f"incompatible input type for choices: {where}")
    if len(f.choices or []) < 2:
        raise SchemaError(f"choices={f.choices!r} must have >= 2 elements: {where}")
    if f.ge is not None or f.le is not None:
        raise SchemaError(f"choices and ge/le are mutually exclusive: {where}")
    if f.min_length is not None or f.max_length is not None:
        raise SchemaError(f"choices and min_length/max_length are mutually exclusive: {where}")
    expected = str if spec.type.kind == "str" else int
    if not all(type(choice) is expected for choice in f.choices or []):
        raise SchemaError(f"not all choices have the same type as input: {where}")


def input_component(specs: List[InputSpec], component_title: str) -> Tuple[dict, Dict[str, dict]]:
    """The `Input` (or `TrainingInput`) component and the enum components of `choices` inputs."""
    properties: Dict[str, dict] = {}
    enums: Dict[str, dict] = {}
    for spec in specs:
        properties[spec.name] = _property(spec)
        if spec.enum_component:
            enums[spec.name] = {
                "title": spec.name,
                "description": "An enumeration.",
                "enum": list(spec.choices or []),
                "type": "string" if spec.type.kind == "str" else "integer",
            }
    component: dict = {"type": "object", "title": component_title}
    required = [spec.name for spec in specs if spec.required]
    if required:
        component["required"] = required
    component["properties"] = properties
    return component, enums


def _property(spec: InputSpec) -> dict:
    f = spec.field
    prop: dict = {"x-order": spec.order}
    if spec.enum_component:
        prop["allOf"] = [{"$ref": f"#/components/schemas/{spec.name}"}]
    else:
        prop["title"] = title(spec.name)
        prop.update(spec.type.fragment())
    if spec.nullable:
        prop["nullable"] = True
    if spec.default is not MISSING and spec.default is not None and spec.type.kind != "secret":
        prop["default"] = _json_default(spec)
    elif spec.default is None and spec.nullable and spec.type.kind == "secret":
        # The original writes `"default": null` for an optional secret with a None default;
        # other None defaults stay unwritten (the runtime generator's rule, spec §8.8).
        prop["default"] = None
    if f.description is not None:
        prop["description"] = f.description
    # Constraints of list inputs apply to each element, so they go where JSON Schema checks them.
    target = prop["items"] if spec.type.kind == "list" and "items" in prop else prop
    for key, value in (("minimum", f.ge), ("maximum", f.le)):
        if value is not None:
            target[key] = _bound(value)
    for key, value in (("minLength", f.min_length), ("maxLength", f.max_length), ("pattern", f.regex)):
        if value is not None:
            target[key] = value
    if f.deprecated:
        prop["deprecated"] = True
    if f.accept is not None:
        prop["x-cog-accept"] = f.accept
    return prop


def _bound(value: Any) -> Any:
    """Bounds are written as floats (`1.0`, as the original's runtime generator did), except
    integers a double cannot hold exactly (`le=2**63`), which would otherwise be rounded."""
    if isinstance(value, int) and abs(value) > 2**53:
        return value
    return float(value)


def _json_default(spec: InputSpec) -> Any:
    value = spec.default
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, enum.Enum):
        value = value.value
    elif isinstance(value, list):
        value = [v.value if isinstance(v, enum.Enum) else v for v in value]
    if spec.type.element.kind in ("path", "file"):
        value = [str(v) for v in value] if isinstance(value, list) else str(value)
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        raise SchemaError(f"default for input '{spec.name}' is not JSON-serializable: {value!r}") from None
    return value


def coerce_inputs(specs: List[InputSpec], values: Dict[str, Any]) -> Dict[str, Any]:
    """Validated JSON inputs → keyword arguments. Raises `InputError` with the original's messages."""
    known = {spec.name for spec in specs}
    for key in values:
        if key not in known:
            print(f"WARNING unknown input field ignored: {key}", file=sys.stderr)
    kwargs: Dict[str, Any] = {}
    for spec in specs:
        if spec.name in values:
            value = _coerce_provided(spec, values[spec.name])
        elif not spec.required:
            value = _coerce_provided(spec, spec.fresh_default())
        else:
            raise InputError(f"{spec.name}: Field required")
        _check_constraints(spec, value)
        kwargs[spec.name] = to_enum(spec.type, value)
    return kwargs


def _coerce_provided(spec: InputSpec, raw: Any) -> Any:
    try:
        return coerce_value(spec.type, raw, spec.name)
    except InputError:
        # The server fills defaults from the schema, so a default whose type does not match its
        # annotation (`x: str = 5`) arrives here as a value. The original passed such defaults
        # through unchanged; failing every prediction that relies on them would be a regression.
        if spec.default is not MISSING and type(raw) is type(spec.default) and raw == spec.default:
            return spec.fresh_default()
        raise


def _check_constraints(spec: InputSpec, value: Any) -> None:
    if value is None:
        return
    f, name = spec.field, spec.name
    for item in value if isinstance(value, list) else [value]:
        if f.ge is not None and item < f.ge:
            raise InputError(f"{name} fails constraint >= {_num(f.ge)}")
        if f.le is not None and item > f.le:
            raise InputError(f"{name} fails constraint <= {_num(f.le)}")
        if f.min_length is not None and len(item) < f.min_length:
            raise InputError(f"{name} fails constraint len() >= {f.min_length}")
        if f.max_length is not None and len(item) > f.max_length:
            raise InputError(f"{name} fails constraint len() <= {f.max_length}")
        if f.regex is not None and not re.match(f.regex, item):
            raise InputError(f"{name} does not match regex {f.regex!r}")
        choices = spec.choices
        if choices is not None and item not in choices:
            raise InputError(f"{name} does not match choices {choices!r}")


def _num(limit: Any) -> Any:
    return int(limit) if isinstance(limit, float) and limit.is_integer() else limit
