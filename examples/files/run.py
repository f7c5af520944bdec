import tempfile

from cog import BaseRunner, Input, Path


class Runner(BaseRunner):
    def run(
        self,
        file: Path = Input(description="A text file"),
        prefix: str = Input(default="", description="Prepended to every line"),
    ) -> Path:
        lines = file.read_text().splitlines()
        out = Path(tempfile.mkdtemp()) / "upper.txt"
        out.write_text("".join(f"{prefix}{line.upper()}\n" for line in lines))
        return out
