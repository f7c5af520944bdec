"""The OpenAPI document around a predictor's `Input`/`Output` components.

The skeleton is the one the original's runtime-generated schema used (FastAPI-era Cog and
cog-runtime: `/shutdown`, idempotent `PUT`, webhook fields), except `info.version`: the SDK
version, as the original 0.22 writes its own version (the `run.cog.version` label) there. The
`Input`/`Output` components follow the static generator's refinements (see docs/schema.md).
Train mode uses `/trainings` and the `Training*` component names; `merge_documents` combines a
predict and a train document as `cog build` does when both are configured.
"""

from __future__ import annotations

import copy
from typing import Dict

from ._errors import SchemaError
from ._version import __version__

_JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(schema: dict) -> dict:
    return {"description": "Successful Response", "content": {_JSON: {"schema": schema}}}


def _responses(schema: dict) -> dict:
    return {
        "200": _ok(schema),
        "422": {"description": "Validation Error", "content": {_JSON: {"schema": _ref("HTTPValidationError")}}},
    }


_PREFER = {"required": False, "schema": {"title": "Prefer", "type": "string"}, "name": "prefer", "in": "header"}

_NAMES = {
    "predict": {
        "input": "Input", "output": "Output", "request": "PredictionRequest", "response": "PredictionResponse",
        "path": "/predictions", "id": "prediction_id", "id_title": "Prediction Id", "verb": "predict",
        "summary": "Predict", "what": "prediction",
    },
    "train": {
        "input": "TrainingInput", "output": "TrainingOutput", "request": "TrainingRequest",
        "response": "TrainingResponse", "path": "/trainings", "id": "training_id", "id_title": "Training Id",
        "verb": "train", "summary": "Train", "what": "training",
    },
}


def build_document(*, mode: str, input_schema: dict, output_schema: dict, enums: Dict[str, dict],
                   streaming: bool = False) -> dict:
    """The full document. `input_schema`/`output_schema` are the finished components."""
    n = _NAMES[mode]
    reserved = {n["input"], n["output"], n["request"], n["response"], *_fixed_components()}
    clashes = sorted(reserved.intersection(enums))
    if clashes:
        # The enum component of a choices input is named after the parameter.
        raise SchemaError(
            f"input '{clashes[0]}' with choices clashes with the schema component of that name; rename it"
        )
    paths = {
        "/": {"get": {
            "summary": "Root", "operationId": "root__get",
            "responses": {"200": _ok({"title": "Response Root  Get"})}}},
        "/health-check": {"get": {
            "summary": "Healthcheck", "operationId": "healthcheck_health_check_get",
            "responses": {"200": _ok({"title": "Response Healthcheck Health Check Get"})}}},
        **_run_paths(n, streaming and mode == "predict"),
        "/shutdown": {"post": {
            "summary": "Start Shutdown", "operationId": "start_shutdown_shutdown_post",
            "responses": {"200": _ok({"title": "Response Start Shutdown Shutdown Post"})}}},
    }
    schemas = {n["input"]: input_schema, n["output"]: output_schema, **enums}
    schemas[n["request"]] = _request_component(n)
    schemas[n["response"]] = _response_component(n)
    schemas.update(_fixed_components())
    return {"openapi": "3.0.2", "info": {"title": "Cog", "version": __version__}, "paths": paths,
            "components": {"schemas": schemas}}


def _run_paths(n: Dict[str, str], streaming: bool) -> dict:
    base, id_name, verb = n["path"], n["id"], n["verb"]
    slug = base.strip("/")
    id_title = n["id_title"]  # FastAPI's response titles, e.g. "Response Cancel Predictions  Prediction Id  Cancel Post"
    id_param = {"required": True, "schema": {"title": n["id_title"], "type": "string"}, "name": id_name, "in": "path"}
    create = {
        "summary": n["summary"], "description": f"Run a single {n['what']} on the model",
        "operationId": f"{verb}_{slug}_post", "parameters": [_PREFER],
        "requestBody": {"content": {_JSON: {"schema": _ref(n["request"])}}},
        "responses": _responses(_ref(n["response"])),
    }
    if streaming:
        create["x-cog-streaming"] = True
    return {
        base: {"post": create},
        f"{base}/{{{id_name}}}": {"put": {
            "summary": f"{n['summary']} Idempotent",
            "description": f"Run a single {n['what']} on the model (idempotent creation).",
            "operationId": f"{verb}_idempotent_{slug}__{id_name}__put",
            "parameters": [id_param, _PREFER],
            "requestBody": {"content": {_JSON: {"schema": {"allOf": [_ref(n["request"])]}}}, "required": True},
            "responses": _responses(_ref(n["response"])),
        }},
        f"{base}/{{{id_name}}}/cancel": {"post": {
            "summary": "Cancel", "description": f"Cancel a running {n['what']}",
            "operationId": f"cancel_{slug}__{id_name}__cancel_post", "parameters": [id_param],
            "responses": _responses({"title": f"Response Cancel {slug.title()}  {id_title}  Cancel Post"}),
        }},
    }


def _request_component(n: Dict[str, str]) -> dict:
    return {"title": n["request"], "type": "object", "properties": {
        "id": {"title": "Id", "type": "string", "nullable": True},
        "input": {"allOf": [_ref(n["input"])], "nullable": True},
        "context": {"title": "Context", "type": "object", "additionalProperties": {"type": "string"}, "nullable": True},
        "created_at": {"title": "Created At", "type": "string", "format": "date-time", "nullable": True},
        "output_file_prefix": {"title": "Output File Prefix", "type": "string", "nullable": True},
        "webhook": {"title": "Webhook", "type": "string", "format": "uri", "minLength": 1, "maxLength": 65536,
                    "nullable": True},
        "webhook_events_filter": {"title": "Webhook Events Filter", "type": "array", "items": _ref("WebhookEvent"),
                                  "default": ["start", "output", "logs", "completed"], "nullable": True},
    }}


def _response_component(n: Dict[str, str]) -> dict:
    def nullable_string(title: str, fmt: str = "") -> dict:
        fragment = {"title": title, "type": "string"}
        if fmt:
            fragment["format"] = fmt
        fragment["nullable"] = True
        return fragment

    return {"title": n["response"], "type": "object", "properties": {
        "input": {"allOf": [_ref(n["input"])], "nullable": True},
        "output": _ref(n["output"]),
        "id": nullable_string("Id"),
        "version": nullable_string("Version"),
        "created_at": nullable_string("Created At", "date-time"),
        "started_at": nullable_string("Started At", "date-time"),
        "completed_at": nullable_string("Completed At", "date-time"),
        "logs": {"title": "Logs", "type": "string", "default": ""},
        "error": nullable_string("Error"),
        "status": {"allOf": [_ref("Status")], "nullable": True},
        "metrics": {"title": "Metrics", "type": "object", "additionalProperties": True, "nullable": True},
    }}


def _fixed_components() -> Dict[str, dict]:
    return {
        "Status": {"title": "Status", "description": "An enumeration.",
                   "enum": ["starting", "processing", "succeeded", "canceled", "failed"], "type": "string"},
        "WebhookEvent": {"title": "WebhookEvent", "description": "An enumeration.",
                         "enum": ["start", "output", "logs", "completed"], "type": "string"},
        "HTTPValidationError": {"title": "HTTPValidationError", "type": "object", "properties": {
            "detail": {"title": "Detail", "type": "array", "items": _ref("ValidationError")}}},
        "ValidationError": {"title": "ValidationError", "required": ["loc", "msg", "type"], "type": "object",
                            "properties": {
                                "loc": {"title": "Location", "type": "array",
                                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                                "msg": {"title": "Message", "type": "string"},
                                "type": {"title": "Error Type", "type": "string"}}},
    }


def merge_documents(predict: dict, train: dict) -> dict:
    """Predict document plus the train document's paths and components that it lacks."""
    merged = copy.deepcopy(predict)
    for path, item in train.get("paths", {}).items():
        merged["paths"].setdefault(path, copy.deepcopy(item))
    schemas = merged["components"]["schemas"]
    for name, component in train["components"]["schemas"].items():
        schemas.setdefault(name, copy.deepcopy(component))
    return merged
