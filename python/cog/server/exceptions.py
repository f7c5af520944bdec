"""`cog.server.exceptions`: the import path older Cog versions and cog-runtime predictors use.

`from cog.server.exceptions import CancelationException` keeps working and names the very class
the worker raises (`cog.exceptions.CancelationException`), so `except` clauses written against
either path catch a cancellation.
"""

from ..exceptions import CancelationException

__all__ = ["CancelationException"]
