"""The stdlib wheel builder: contents, RECORD hashes, version rewriting, and a real pip install."""

import base64
import csv
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PYTHON_DIR))
import build_wheel  # noqa: E402


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, str(PYTHON_DIR / "build_wheel.py"), "--version", "1.2.3", "--out", str(out)],
                   check=True, capture_output=True)
    return out / "cog-1.2.3-py3-none-any.whl"


def test_wheel_contents_and_record(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "cog/__init__.py" in names and "cog/_predictor.py" in names
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        assert "cog/_version.py" in names
        assert '__version__ = "1.2.3"' in archive.read("cog/_version.py").decode()
        metadata = archive.read("cog-1.2.3.dist-info/METADATA").decode()
        assert "Name: cog\n" in metadata and "Version: 1.2.3\n" in metadata and "Requires-Python: >=3.10" in metadata
        # The original cog package's runtime dependencies, so models that import requests work.
        requires = [line[len("Requires-Dist: ") :] for line in metadata.splitlines() if line.startswith("Requires-Dist: ")]
        assert requires == ["PyYAML", "requests>=2,<3", "structlog>=20,<25", "typing_extensions>=4.4.0"]
        assert "Tag: py3-none-any" in archive.read("cog-1.2.3.dist-info/WHEEL").decode()
        rows = list(csv.reader(io.StringIO(archive.read("cog-1.2.3.dist-info/RECORD").decode())))
        recorded = {row[0] for row in rows}
        assert recorded == set(names)
        for name, digest, size in rows:
            if name.endswith("RECORD"):
                assert digest == "" and size == ""
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data)


def test_wheel_is_reproducible(wheel, tmp_path):
    build_wheel.build("1.2.3", tmp_path)
    assert (tmp_path / wheel.name).read_bytes() == wheel.read_bytes()


def test_version_conversion():
    assert build_wheel.python_version("0.22.0") == "0.22.0"
    assert build_wheel.python_version("v0.22.0") == "0.22.0"
    assert build_wheel.python_version("0.22.0-rc.1") == "0.22.0rc1"
    assert build_wheel.python_version("0.22.0-beta.2") == "0.22.0b2"
    assert build_wheel.python_version("0.22.0-dev.3") == "0.22.0.dev3"
    assert build_wheel.python_version("1.0.0-foo") == "1.0.0+foo"


def test_wheel_installs_into_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    # --no-deps: offline, and the SDK itself must import without its declared dependencies.
    subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    script = (
        "import cog, cog._predictor, os\n"
        "assert os.path.dirname(cog.__file__).endswith('site-packages/cog'), cog.__file__\n"
        "print(cog.__version__, cog.BaseRunner.__name__, cog.Path.__name__)\n"
    )
    result = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.split() == ["1.2.3", "BaseRunner", "Path"]
