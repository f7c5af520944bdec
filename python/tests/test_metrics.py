"""current_scope()/emit_metric: validation messages and forwarding to the worker's scope (§7.5)."""

import pytest

import cog
from cog import _scope
from cog._metrics import current_scope, validate_metric_name


@pytest.fixture
def sent():
    records = []
    scope = _scope.Scope("p1", {"user": "u"}, lambda pid, name, value, mode: records.append((pid, name, value, mode)))
    token = _scope.enter(scope)
    yield records
    _scope.leave(token)


def test_outside_prediction_is_noop():
    scope = current_scope()
    scope.record_metric("tokens", 3)
    assert scope.context == {}


def test_forwarding_and_modes(sent):
    scope = current_scope()
    assert scope.context == {"user": "u"}
    scope.record_metric("tokens", 3)
    scope.record_metric("tokens", 2, "increment")
    scope.record_metric("timing.pre", 1.5)
    scope.record_metric("items", "a", mode="append")
    scope.metrics["flag"] = True
    scope.metrics.record("n", 1, "incr")
    del scope.metrics["flag"]
    scope.metrics.delete("n")
    assert sent == [
        ("p1", "tokens", 3, "replace"), ("p1", "tokens", 2, "incr"), ("p1", "timing.pre", 1.5, "replace"),
        ("p1", "items", "a", "append"), ("p1", "flag", True, "replace"), ("p1", "n", 1, "incr"),
        ("p1", "flag", None, "replace"), ("p1", "n", None, "replace"),
    ]


def test_type_is_kept_until_deleted(sent):
    scope = current_scope()
    scope.record_metric("k", 1)
    with pytest.raises(TypeError, match="Metric 'k' has type int, cannot set to str without deleting first"):
        scope.record_metric("k", "s")
    scope.metrics["k"] = None
    scope.record_metric("k", "s")
    assert sent[-1] == ("p1", "k", "s", "replace")


def test_value_and_mode_errors(sent):
    scope = current_scope()
    with pytest.raises(TypeError, match="Invalid metric mode: 'sum'. Expected 'replace', 'incr', or 'append'."):
        scope.record_metric("a", 1, "sum")
    with pytest.raises(TypeError, match="Unsupported metric value type: bytes. Expected bool, int, float, str, list, or dict."):
        scope.record_metric("a", b"x")
    with pytest.raises(TypeError, match="Increment mode requires int or float, got str"):
        scope.record_metric("a", "x", "incr")


NAMES = [
    ("", "metric name must not be empty"),
    ("x" * 129, "metric name must be 128 characters or fewer (got 129 characters)"),
    ("predict_time", "'predict_time' is reserved by the runtime"),
    ("cog.gpu", "the 'cog.' prefix is reserved for system metrics"),
    (".a", "metric name must not start with a dot"),
    ("a.", "metric name must not end with a dot"),
    ("a..b", "metric name must not contain empty segments (consecutive dots)"),
    ("a.b.c.d.e", "metric name must have at most 4 dot-separated segments (got 5)"),
    ("1abc", "metric name segment '1abc' must start with a letter"),
    ("ab-c", "metric name segment 'ab-c' contains invalid character '-'"),
    ("a__b", "metric name segment 'a__b' must not contain consecutive underscores"),
    ("ab_", "metric name segment 'ab_' must end with a letter or digit"),
]


@pytest.mark.parametrize("name,message", NAMES, ids=[n[1][:40] for n in NAMES])
def test_name_rules(name, message):
    with pytest.raises(ValueError) as info:
        validate_metric_name(name)
    assert str(info.value) == message


def test_valid_names():
    for name in ("tokens", "timing.preprocess", "a1.b_2.c.d"):
        validate_metric_name(name)


def test_runner_helpers_and_emit_metric(sent, capsys):
    runner = cog.BaseRunner()
    runner.record_metric("a", 1)
    runner.scope.record_metric("b", 2)
    cog.emit_metric("c", 3)
    assert [r[1] for r in sent] == ["a", "b", "c"]
    cog.emit_metric("d", 4)
    # The deprecation notice prints at most once per process.
    assert capsys.readouterr().err.count("emit_metric() is deprecated") <= 1
