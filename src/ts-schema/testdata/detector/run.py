# Files in and a typed object out.
from typing import Dict, List, Optional

from cog import BaseModel, BaseRunner, Input, Path


class Box(BaseModel):
    x: float
    y: float
    label: Optional[str]


class Result(BaseModel):
    image: Path
    boxes: List[Box]
    scores: Dict[str, float]
    count: int = 0


class Runner(BaseRunner):
    def run(
        self,
        image: Path = Input(description="Input image", accept="image/*"),
        mask: Optional[Path] = None,
        extra_images: List[Path] = Input(description="More images"),
        threshold: float = Input(default=0.5, ge=0, le=1),
        fast: bool = False,
        legacy_flag: bool = Input(default=False, deprecated=True),
    ) -> Result:
        raise NotImplementedError
