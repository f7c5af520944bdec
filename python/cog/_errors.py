"""Error types of the loader, the schema generator and input coercion.

The worker (`cog._worker`) reports `PredictorLoadError`/`SchemaError` as `load_failed` and
`InputError` as a failed prediction; the message is always one line meant for the user.
"""


class PredictorLoadError(Exception):
    """The predictor module could not be imported or the named class/function was not found."""


class SchemaError(TypeError):
    """A signature or type hint cannot be turned into the OpenAPI schema."""


class InputError(ValueError):
    """An input value failed coercion or a constraint check in the worker."""
