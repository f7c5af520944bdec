import json
import subprocess
import sys

import six
from cog import BaseRunner, Input


class Runner(BaseRunner):
    def run(self, key: str = Input(default="python", description="Which version to report")) -> str:
        # jq comes from system_packages, six from requirements.txt.
        report = json.dumps({"python": sys.version.split()[0], "six": six.__version__})
        return subprocess.run(
            ["jq", "-r", f".{key}"], input=report, capture_output=True, text=True, check=True
        ).stdout.strip()
