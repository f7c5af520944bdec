"""The OpenAPI document skeleton (spec §8.2): paths, fixed components, train mode, streaming, merge."""

import json

import cog

from cog._predictor import merge_documents

RUNNER = """
class Runner(BaseRunner):
    def run(self, prompt: str) -> str:
        return prompt
"""

TRAINER = """
class Trainer(BaseRunner):
    def train(self, steps: int = 3) -> Path:
        return Path("weights.bin")
"""


def test_predict_document_skeleton(load):
    doc = load(RUNNER).schema
    assert doc["openapi"] == "3.0.2"
    # The original 0.22 writes its version here (= the image's run.cog.version label), not 0.1.0.
    assert doc["info"] == {"title": "Cog", "version": cog.__version__}
    assert doc["info"]["version"] != "0.1.0"
    assert list(doc["paths"]) == [
        "/", "/health-check", "/predictions", "/predictions/{prediction_id}",
        "/predictions/{prediction_id}/cancel", "/shutdown",
    ]
    post = doc["paths"]["/predictions"]["post"]
    assert post["operationId"] == "predict_predictions_post"
    assert post["summary"] == "Predict"
    assert post["description"] == "Run a single prediction on the model"
    assert post["requestBody"] == {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PredictionRequest"}}}}
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PredictionResponse"}
    assert post["responses"]["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/HTTPValidationError"}
    assert "x-cog-streaming" not in post
    put = doc["paths"]["/predictions/{prediction_id}"]["put"]
    assert put["operationId"] == "predict_idempotent_predictions__prediction_id__put"
    assert put["summary"] == "Predict Idempotent"
    assert put["requestBody"]["required"] is True
    cancel = doc["paths"]["/predictions/{prediction_id}/cancel"]["post"]
    assert cancel["operationId"] == "cancel_predictions__prediction_id__cancel_post"
    assert cancel["parameters"] == [
        {"required": True, "schema": {"title": "Prediction Id", "type": "string"}, "name": "prediction_id", "in": "path"}
    ]
    assert doc["paths"]["/health-check"]["get"]["operationId"] == "healthcheck_health_check_get"
    assert doc["paths"]["/"]["get"]["operationId"] == "root__get"
    schemas = doc["components"]["schemas"]
    assert list(schemas) == [
        "Input", "Output", "PredictionRequest", "PredictionResponse", "Status", "WebhookEvent",
        "HTTPValidationError", "ValidationError",
    ]
    assert schemas["Status"]["enum"] == ["starting", "processing", "succeeded", "canceled", "failed"]
    assert schemas["WebhookEvent"] == {
        "title": "WebhookEvent", "description": "An enumeration.",
        "enum": ["start", "output", "logs", "completed"], "type": "string",
    }
    request = schemas["PredictionRequest"]["properties"]
    assert list(request) == ["id", "input", "context", "created_at", "output_file_prefix", "webhook", "webhook_events_filter"]
    assert request["webhook"]["maxLength"] == 65536
    response = schemas["PredictionResponse"]["properties"]
    assert response["output"] == {"$ref": "#/components/schemas/Output"}
    assert response["logs"] == {"title": "Logs", "type": "string", "default": ""}
    assert schemas["ValidationError"]["required"] == ["loc", "msg", "type"]
    json.dumps(doc)  # the whole document is JSON


def test_no_ref_has_sibling_title(load):
    doc = load(RUNNER).schema

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                assert set(node) == {"$ref"}, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def test_train_document(load):
    doc = load(TRAINER, ref="Trainer", mode="train").schema
    assert "/trainings" in doc["paths"] and "/predictions" not in doc["paths"]
    post = doc["paths"]["/trainings"]["post"]
    assert post["operationId"] == "train_trainings_post"
    assert post["summary"] == "Train"
    assert post["description"] == "Run a single training on the model"
    cancel = doc["paths"]["/trainings/{training_id}/cancel"]["post"]
    assert cancel["operationId"] == "cancel_trainings__training_id__cancel_post"
    assert cancel["parameters"][0]["schema"]["title"] == "Training Id"
    schemas = doc["components"]["schemas"]
    for name in ("TrainingInput", "TrainingOutput", "TrainingRequest", "TrainingResponse"):
        assert name in schemas
    assert schemas["TrainingInput"]["title"] == "TrainingInput"
    assert schemas["TrainingOutput"] == {"title": "TrainingOutput", "type": "string", "format": "uri"}
    assert schemas["TrainingResponse"]["properties"]["output"] == {"$ref": "#/components/schemas/TrainingOutput"}
    assert "Input" not in schemas


def test_streaming_marks_predictions_path(load):
    doc = load("""
class Runner(BaseRunner):
    @streaming
    def run(self) -> Iterator[str]:
        yield "a"
""").schema
    assert doc["paths"]["/predictions"]["post"]["x-cog-streaming"] is True


def test_streaming_requires_iterator(load):
    import pytest

    from cog._errors import SchemaError

    with pytest.raises(SchemaError, match=r"@streaming requires Iterator\[...\]"):
        load("""
class Runner(BaseRunner):
    @streaming()
    def run(self) -> str:
        return "a"
""")


def test_merge_documents(load):
    predict = load(RUNNER).schema
    train = load(TRAINER, ref="Trainer", mode="train").schema
    merged = merge_documents(predict, train)
    assert "/predictions" in merged["paths"] and "/trainings" in merged["paths"]
    assert merged["components"]["schemas"]["Input"] == predict["components"]["schemas"]["Input"]
    assert "TrainingInput" in merged["components"]["schemas"]
    assert "/trainings" not in predict["paths"]  # inputs untouched


def test_choice_input_named_like_a_fixed_component(load):
    import pytest

    from cog._errors import SchemaError

    with pytest.raises(SchemaError, match="input 'Status' with choices clashes with the schema component"):
        load("class Runner(BaseRunner):\n    def run(self, Status: str = Input(choices=['a', 'b'])) -> str: ...\n")
