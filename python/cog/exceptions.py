"""Exceptions a predictor can see or raise.

`CancelationException` derives from `BaseException` (as in current Cog), so a predictor's
`except Exception:` does not swallow a cancellation. The docs of the original name this module
(`cog.exceptions.CancelationException`) although it did not exist there; here it does.
"""


class CancelationException(BaseException):
    """Raised inside a synchronous `run()`/`predict()` when the prediction is cancelled.

    Catch it only for brief cleanup and re-raise it.
    """


class ExperimentalFeatureWarning(FutureWarning):
    """Deprecated. Kept so `warnings.filterwarnings("ignore", category=ExperimentalFeatureWarning)`
    in existing predictors keeps working."""
