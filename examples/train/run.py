from typing import Optional

from cog import BaseRunner, Input, Path


class Runner(BaseRunner):
    def setup(self, weights: Optional[Path] = None) -> None:
        # weights is COG_WEIGHTS (a path or URL) when set, else None.
        self.greeting = "hello"
        if weights:
            self.greeting = Path(str(weights)).read_text().strip()

    def run(self, name: str = Input(description="Who to greet")) -> str:
        return f"{self.greeting} {name}"
