# Choices, unions, opaque objects and a concatenated text stream, as a function.
from typing import Any, Dict, List, Literal, Optional, Union

from cog import ConcatenateIterator, Input


def run(
    prompt: str,
    num_inference_steps: int = Input(default=20, ge=1, le=500),
    size: int = Input(choices=[512, 768], default=512),
    style: Literal["plain", "fancy"] = "plain",
    stop: Optional[List[str]] = None,
    temperature: Union[float, str] = 0.7,
    options: Dict[str, Any] = Input(default={"top_k": 50}),
    pattern_input: str = Input(default="abc", regex="^[a-z]+$", max_length=10),
) -> ConcatenateIterator[str]:
    yield prompt
