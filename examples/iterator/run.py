import time

from cog import BaseRunner, ConcatenateIterator, Input, streaming


class Runner(BaseRunner):
    @streaming
    def run(
        self,
        text: str = Input(default="the quick brown fox", description="Words to stream back"),
        delay: float = Input(default=0.05, ge=0, le=2, description="Seconds between tokens"),
    ) -> ConcatenateIterator[str]:
        for i, word in enumerate(text.split()):
            if i:
                time.sleep(delay)
            yield word if i == 0 else f" {word}"
