# The worked example of runtime.md §8.8.
from typing import Iterator, List, Optional

from cog import BasePredictor, Input, Secret


class Predictor(BasePredictor):
    def predict(
        self,
        prompt: str = Input(description="The prompt", min_length=1),
        steps: int = Input(default=4, ge=1, le=10),
        mode: str = Input(choices=["fast", "slow"], default="fast"),
        tags: List[str] = Input(default=["x"]),
        seed: Optional[int] = Input(description="seed"),
        key: Optional[Secret] = Input(default=None),
    ) -> Iterator[str]:
        yield prompt
