from cog import BaseRunner, Input


class Runner(BaseRunner):
    def setup(self) -> None:
        self.greeting = "hello"

    def run(self, text: str = Input(description="Who or what to greet")) -> str:
        return f"{self.greeting} {text}"
