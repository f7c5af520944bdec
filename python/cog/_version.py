"""The SDK version. `python/build_wheel.py` rewrites this file inside the wheel with the release version."""

__version__ = "0.22.0"
