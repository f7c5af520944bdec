# The golden trainer of python/tests/test_golden_documents.py, with a predictor beside it.
from typing import Optional

from cog import BaseModel, BaseRunner, Input, Path, Secret


class TrainingOutput(BaseModel):
    weights: Path
    loss: Optional[float] = None


class Trainer(BaseRunner):
    def train(
        self,
        data: Path = Input(description="Training data", accept=".zip"),
        epochs: int = Input(default=3, ge=1),
        lr: float = 1e-4,
        token: Secret = Input(default=None),
    ) -> TrainingOutput:
        raise NotImplementedError

    def run(self, weights: Path, prompt: str = "hi") -> str:
        return prompt
