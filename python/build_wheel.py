#!/usr/bin/env python3
"""Build the SDK wheel `cog-<version>-py3-none-any.whl` from `python/cog` with the standard library.

    python3 python/build_wheel.py --version 0.22.0 --out dist

`npm run build` calls this (scripts/build.ts). No setuptools/pip is needed, so the build works
offline; `python/pyproject.toml` describes the same package for standard tools. The wheel is
reproducible: entries are sorted and time-stamped with SOURCE_DATE_EPOCH (default 1980-01-01).
The version inside the wheel (`cog/_version.py`) is the one given on the command line.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import List, Tuple

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "cog"
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?$")
_PRERELEASE = {"alpha": "a", "a": "a", "beta": "b", "b": "b", "rc": "rc", "dev": ".dev"}


def python_version(version: str) -> str:
    """npm-style `0.22.0-rc.1` → PEP 440 `0.22.0rc1`; other suffixes become a local version."""
    version = version.strip().lstrip("v")
    if _PEP440.match(version):
        return version
    base, _, suffix = version.partition("-")
    match = re.fullmatch(r"(alpha|beta|rc|dev|a|b)\.?(\d*)", suffix)
    if match:
        candidate = f"{base}{_PRERELEASE[match.group(1)]}{match.group(2) or '0'}"
    else:
        candidate = f"{base}+{re.sub(r'[^a-z0-9]+', '.', suffix.lower()).strip('.')}"
    if not _PEP440.match(candidate):
        raise SystemExit(f"build_wheel: cannot turn version {version!r} into a Python version")
    return candidate


def package_files() -> List[Tuple[str, bytes]]:
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        files.append((path.relative_to(HERE).as_posix(), path.read_bytes()))
    return files


# The runtime dependencies of the original's `cog` package, with its ranges: real models
# import `requests` or `yaml` without declaring them, because cog brought them in.
REQUIRES = ["PyYAML", "requests>=2,<3", "structlog>=20,<25", "typing_extensions>=4.4.0"]


def metadata(version: str) -> bytes:
    lines = [
        "Metadata-Version: 2.1",
        "Name: cog",
        f"Version: {version}",
        "Summary: Containers for machine learning: the Python SDK predictors import",
        "Home-page: https://cog.run",
        "License: Apache-2.0",
        "Requires-Python: >=3.10",
        "Classifier: Programming Language :: Python :: 3",
        *(f"Requires-Dist: {requirement}" for requirement in REQUIRES),
        "",
        "The Cog Python SDK: BaseRunner, Input, Path, Secret and friends. Pure Python; its dependencies are the original cog package's.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def wheel_file() -> bytes:
    return b"Wheel-Version: 1.0\nGenerator: cog-build-wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}"


def build(version: str, out: Path) -> Path:
    version = python_version(version)
    dist_info = f"cog-{version}.dist-info"
    entries = []
    for name, data in package_files():
        if name == "cog/_version.py":
            data = (
                '"""The SDK version, written by python/build_wheel.py."""\n\n'
                f'__version__ = "{version}"\n'
            ).encode("utf-8")
        entries.append((name, data))
    entries.append((f"{dist_info}/METADATA", metadata(version)))
    entries.append((f"{dist_info}/WHEEL", wheel_file()))
    entries.append((f"{dist_info}/top_level.txt", b"cog\n"))
    record = "\n".join([record_line(n, d) for n, d in entries] + [f"{dist_info}/RECORD,,", ""])
    entries.append((f"{dist_info}/RECORD", record.encode("utf-8")))

    out.mkdir(parents=True, exist_ok=True)
    target = out / f"cog-{version}-py3-none-any.whl"
    stamp = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800))[:6]
    tmp = target.with_suffix(".whl.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    os.replace(tmp, target)
    return target


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the cog SDK wheel.")
    parser.add_argument("--version", required=True, help="package version, e.g. 0.22.0")
    parser.add_argument("--out", required=True, help="output directory")
    args = parser.parse_args(argv)
    target = build(args.version, Path(args.out))
    print(f"built {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
