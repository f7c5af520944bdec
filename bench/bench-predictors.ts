// Python predictors more than one bench runs: the trivial sync one and an async one with 8 slots.

export const SYNC = `
from cog import BaseRunner

class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return text
`;

export const ASYNC = `
from cog import BaseRunner, concurrent

class Runner(BaseRunner):
    @concurrent(max=8)
    async def run(self, text: str) -> str:
        return text
`;
