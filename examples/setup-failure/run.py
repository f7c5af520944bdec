from cog import BaseRunner, Input


class Runner(BaseRunner):
    def setup(self) -> None:
        print("loading the model...")
        raise RuntimeError("setup failed on purpose: weights file missing")

    def run(self, text: str = Input(description="Never used")) -> str:
        return text
