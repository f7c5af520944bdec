"""`python -m cog.server.http [flags]`: starts the Node prediction server (coglet).

Every Cog image runs this command, so it stays; the server itself is
`/usr/local/lib/cog/coglet.mjs` (override with `COG_RUNTIME_JS`), run by `node` (override with
`COG_NODE`, its flags with `COG_NODE_FLAGS`). The process is replaced with `os.execvp`, so signals from tini reach Node directly
and no Python process lingers. Flags are passed through unchanged. `COG_PYTHON` is set to this
interpreter (unless already set), so the worker the server starts imports the same `cog`.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

DEFAULT_RUNTIME_JS = "/usr/local/lib/cog/coglet.mjs"


# V8 flags of the server (docs/performance.md, "Runtime"): a 1 MB young generation instead of up
# to 16 MB, and no optimising tiers (Maglev, TurboFan), whose compiler threads and code cost
# ~20 MB of RSS under concurrent load. The server's per-request work is native code (http
# parser, JSON, Buffer) glued by little JS, which the Sparkplug baseline tier runs fast enough;
# the bench showed no latency cost. `--expose-gc` lets the server empty the young generation
# just before READY (src/runtime/core/young-garbage.ts); it runs no user code. `COG_NODE_FLAGS`
# replaces them (space-separated; empty for none).
DEFAULT_NODE_FLAGS = "--max-semi-space-size=1 --no-opt --no-maglev --expose-gc"


def runtime_script() -> str:
    return os.environ.get("COG_RUNTIME_JS") or DEFAULT_RUNTIME_JS


def command(argv: List[str]) -> List[str]:
    node = os.environ.get("COG_NODE") or "node"
    flags = os.environ.get("COG_NODE_FLAGS", DEFAULT_NODE_FLAGS).split()
    return [node, *flags, runtime_script(), *argv]


def main(argv: Optional[List[str]] = None) -> None:
    args = command(sys.argv[1:] if argv is None else argv)
    script = runtime_script()
    if not os.path.exists(script):
        sys.stderr.write(f"ERROR: the Cog runtime is missing: {script} does not exist (set COG_RUNTIME_JS).\n")
        sys.exit(1)
    env = dict(os.environ)
    env.setdefault("COG_PYTHON", sys.executable)
    try:
        os.execvpe(args[0], args, env)
    except OSError as e:
        sys.stderr.write(f"ERROR: cannot start the Cog runtime with {args[0]!r}: {e.strerror}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
