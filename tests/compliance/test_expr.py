"""The tiny condition language: parsing, three-valued logic, witnesses, safety."""

from __future__ import annotations

import pytest

from recensia.compliance.expr import Expression, ExpressionError


def resolver(values):
    def resolve(name):
        return values.get(name), frozenset({name})
    return resolve


def truth(source, **values):
    return Expression(source).truth(resolver(values))


def test_comparisons_and_literals():
    assert truth("a == 'x'", a="x") == (True, {"a"})
    assert truth("a != 'x'", a="y")[0] is True
    assert truth("n > 30000", n=45000)[0] is True
    assert truth("n > 30000", n=30000)[0] is False
    assert truth("n >= 2.5", n=2.5)[0] is True
    assert truth("a in ['x', 'y']", a="y")[0] is True
    assert truth("a not in ['x', 'y']", a="z")[0] is True
    assert truth("true")[0] is True
    assert truth("a == null", a=None)[0] is True
    assert truth("a != null", a=1)[0] is True


def test_unknown_values_follow_kleene_logic():
    # an unanswered question makes a comparison unknown…
    assert truth("a == 'x'")[0] is None
    assert truth("not a")[0] is None
    # …but « or » is true as soon as one side is true, « and » false as soon as one is false
    assert truth("a or b", b=True) == (True, {"b"})
    assert truth("a and b", b=False) == (False, {"b"})
    assert truth("a and b", b=True) == (None, {"a"})
    assert truth("a or b", b=False) == (None, {"a"})


def test_witnesses_name_the_deciding_answers():
    value, wit = truth("(a or b) and c", a=True, b=False, c=True)
    assert value is True and wit == {"a", "c"}
    value, wit = truth("a and b and c", a=True, b=False, c=False)
    assert value is False and wit == {"b", "c"}


def test_at_least():
    assert truth("at_least(2, a, b, c)", a=True, b=True, c=False) == (True, {"a", "b"})
    assert truth("at_least(2, a, b, c)", a=True, b=False, c=False)[0] is False
    assert truth("at_least(2, a, b, c)", a=True, b=False) == (None, {"c"})


@pytest.mark.parametrize("source", [
    "__import__('os').system('true')",  # no calls other than at_least
    "a == ",
    "a = 'x'",
    "a and",
    "(a or b",
    "a; b",
    "open('x')",
    "a.b(1)",
])
def test_malformed_or_unsafe_conditions_are_rejected(source):
    with pytest.raises(ExpressionError):
        Expression(source)


def test_non_boolean_in_boolean_position_is_an_error():
    with pytest.raises(ExpressionError):
        truth("a and b", a="deployer", b=True)


def test_names_and_literal_uses_are_reported():
    expr = Expression("role == 'provider' and org.kind in ['commune', 'epci'] and x")
    assert expr.names == {"role", "org.kind", "x"}
    assert ("role", "provider") in expr.literal_uses()
    assert ("org.kind", "epci") in expr.literal_uses()
