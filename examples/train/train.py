import tempfile

from cog import BaseModel, Input, Path


class TrainingOutput(BaseModel):
    weights: Path
    size: int


def train(
    greeting: str = Input(description="The greeting the trained model will use"),
    repeats: int = Input(default=1, ge=1, le=5, description="How often to repeat it"),
) -> TrainingOutput:
    text = " ".join([greeting] * repeats)
    weights = Path(tempfile.mkdtemp()) / "weights.txt"
    weights.write_text(text)
    return TrainingOutput(weights=weights, size=len(text))
