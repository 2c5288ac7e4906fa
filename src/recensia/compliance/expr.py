"""A tiny, safe condition language for the rules file (no ``eval``).

Grammar (keywords are lower case)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
                          | "in" operand | "not" "in" operand ]
    operand    := NUMBER | STRING | "true" | "false" | "null" | NAME
                | NAME "(" [expr ("," expr)*] ")" | "[" [expr ("," expr)*] "]" | "(" expr ")"

Names are answers (``role``), named facts from the rules file, values computed by the
engine (``tier``) or facts about the collectivité (``org.population``).

Logic is three-valued: an unanswered question (« je ne sais pas ») is ``None`` and makes
a comparison unknown; ``and``/``or``/``not`` follow Kleene's rules, so ``x or y`` is true
as soon as one side is true even if the other is unknown. Every evaluation also returns
its *witnesses*: the names whose values decided the result, used to explain which
answers triggered a rule (or, for an unknown result, which answers are missing).

Only one function exists: ``at_least(n, a, b, ...)`` — true when at least ``n`` of the
conditions are true.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ExpressionError", "Expression", "parse"]

Witness = frozenset[str]
Result = tuple[Any, Witness]
Resolver = Callable[[str], Result]

_EMPTY: Witness = frozenset()


class ExpressionError(ValueError):
    """A condition in the rules file is malformed or misused."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_FUNCTIONS = {"at_least"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    value: Any
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"caractère inattendu à la position {pos} : {text[pos:]!r}")
        kind = m.lastgroup or ""
        raw = m.group(kind)
        if kind == "number":
            tokens.append(_Tok("lit", float(raw) if "." in raw else int(raw), m.start(kind)))
        elif kind == "string":
            tokens.append(_Tok("lit", raw[1:-1], m.start(kind)))
        elif kind == "name" and raw in _KEYWORDS:
            if raw in ("true", "false", "null"):
                tokens.append(_Tok("lit", {"true": True, "false": False, "null": None}[raw],
                                   m.start(kind)))
            else:
                tokens.append(_Tok(raw, raw, m.start(kind)))
        else:
            tokens.append(_Tok(kind, raw, m.start(kind)))
        pos = m.end()
    tokens.append(_Tok("end", None, len(text)))
    return tokens


# --- AST -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Lit:
    value: Any


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class ListLit:
    items: tuple


@dataclass(frozen=True)
class Not:
    operand: Any


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple


@dataclass(frozen=True)
class Compare:
    op: str  # == != < <= > >= in notin
    left: Any
    right: Any


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self, offset: int = 0) -> _Tok:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self, kind: str | None = None, value: Any = None) -> _Tok:
        tok = self.peek()
        if (kind and tok.kind != kind) or (value is not None and tok.value != value):
            expected = value or kind
            raise ExpressionError(
                f"« {expected} » attendu à la position {tok.pos} dans {self.text!r}"
            )
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        if self.peek().kind != "end":
            raise ExpressionError(
                f"texte en trop à la position {self.peek().pos} dans {self.text!r}"
            )
        return node

    def or_expr(self):
        operands = [self.and_expr()]
        while self.peek().kind == "or":
            self.take()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def and_expr(self):
        operands = [self.not_expr()]
        while self.peek().kind == "and":
            self.take()
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def not_expr(self):
        if self.peek().kind == "not" and self.peek(1).kind != "in":
            self.take()
            return Not(self.not_expr())
        return self.comparison()

    def comparison(self):
        left = self.operand()
        tok = self.peek()
        if tok.kind == "op" and tok.value in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Compare(tok.value, left, self.operand())
        if tok.kind == "in":
            self.take()
            return Compare("in", left, self.operand())
        if tok.kind == "not" and self.peek(1).kind == "in":
            self.take()
            self.take("in")
            return Compare("notin", left, self.operand())
        return left

    def _sequence(self, closing: str) -> tuple:
        items = []
        if not (self.peek().kind == "op" and self.peek().value == closing):
            items.append(self.or_expr())
            while self.peek().kind == "op" and self.peek().value == ",":
                self.take()
                items.append(self.or_expr())
        self.take("op", closing)
        return tuple(items)

    def operand(self):
        tok = self.peek()
        if tok.kind == "lit":
            self.take()
            return Lit(tok.value)
        if tok.kind == "op" and tok.value == "(":
            self.take()
            node = self.or_expr()
            self.take("op", ")")
            return node
        if tok.kind == "op" and tok.value == "[":
            self.take()
            return ListLit(self._sequence("]"))
        if tok.kind == "name":
            self.take()
            if self.peek().kind == "op" and self.peek().value == "(":
                if tok.value not in _FUNCTIONS:
                    raise ExpressionError(f"fonction inconnue « {tok.value} » dans {self.text!r}")
                self.take()
                return Call(tok.value, self._sequence(")"))
            return Var(tok.value)
        raise ExpressionError(f"valeur attendue à la position {tok.pos} dans {self.text!r}")


# --- compilation to closures ---------------------------------------------------------

def _truth(value: Any, node: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ExpressionError(
        f"une condition doit valoir vrai, faux ou inconnu ; {node!r} vaut {value!r}"
    )


def _compile(node) -> Callable[[Resolver], Result]:
    if isinstance(node, Lit):
        value = node.value
        return lambda resolve: (value, _EMPTY)
    if isinstance(node, Var):
        name = node.name
        return lambda resolve: resolve(name)
    if isinstance(node, ListLit):
        items = [_compile(item) for item in node.items]

        def list_fn(resolve):
            values, wit = [], _EMPTY
            for item in items:
                v, w = item(resolve)
                values.append(v)
                wit |= w
            return values, wit
        return list_fn
    if isinstance(node, Not):
        inner = _compile(node.operand)

        def not_fn(resolve):
            v, w = inner(resolve)
            v = _truth(v, node.operand)
            return (None if v is None else not v), w
        return not_fn
    if isinstance(node, BoolOp):
        parts = [(_compile(op), op) for op in node.operands]
        decisive = node.op == "or"  # the value that settles the result

        def bool_fn(resolve):
            settled, unknown, other = _EMPTY, _EMPTY, _EMPTY
            has_settled = has_unknown = False
            for fn, op in parts:
                v, w = fn(resolve)
                v = _truth(v, op)
                if v is decisive:
                    has_settled, settled = True, settled | w
                elif v is None:
                    has_unknown, unknown = True, unknown | w
                else:
                    other |= w
            if has_settled:
                return decisive, settled
            if has_unknown:
                return None, unknown
            return (not decisive), other
        return bool_fn
    if isinstance(node, Compare):
        left, right, op = _compile(node.left), _compile(node.right), node.op

        def cmp_fn(resolve):
            lv, lw = left(resolve)
            rv, rw = right(resolve)
            wit = lw | rw
            if op in ("in", "notin"):
                if lv is None or rv is None:
                    return None, wit
                if not isinstance(rv, list):
                    raise ExpressionError(f"« in » attend une liste : {node!r}")
                found = lv in rv
                return (found if op == "in" else not found), wit
            if lv is None or rv is None:
                if op in ("==", "!=") and isinstance(node.right, Lit) and node.right.value is None:
                    is_null = lv is None
                    return (is_null if op == "==" else not is_null), wit
                return None, wit
            try:
                result = {
                    "==": lambda: lv == rv, "!=": lambda: lv != rv,
                    "<": lambda: lv < rv, "<=": lambda: lv <= rv,
                    ">": lambda: lv > rv, ">=": lambda: lv >= rv,
                }[op]()
            except TypeError as exc:
                raise ExpressionError(f"comparaison impossible dans {node!r} : {exc}") from exc
            return result, wit
        return cmp_fn
    if isinstance(node, Call):  # at_least(n, ...)
        if len(node.args) < 2 or not isinstance(node.args[0], Lit):
            raise ExpressionError(
                "at_least(n, condition, ...) attend un nombre puis des conditions"
            )
        n = node.args[0].value
        parts = [(_compile(a), a) for a in node.args[1:]]

        def at_least_fn(resolve):
            trues, unknowns = [], []
            wt, wu, wall = _EMPTY, _EMPTY, _EMPTY
            for fn, a in parts:
                v, w = fn(resolve)
                v = _truth(v, a)
                wall |= w
                if v is True:
                    trues.append(a)
                    wt |= w
                elif v is None:
                    unknowns.append(a)
                    wu |= w
            if len(trues) >= n:
                return True, wt
            if len(trues) + len(unknowns) < n:
                return False, wall
            return None, wu
        return at_least_fn
    raise ExpressionError(f"nœud inconnu {node!r}")  # pragma: no cover


def _names(node) -> set[str]:
    if isinstance(node, Var):
        return {node.name}
    if isinstance(node, Lit):
        return set()
    if isinstance(node, ListLit | Call):
        children = node.items if isinstance(node, ListLit) else node.args
    elif isinstance(node, Not):
        children = (node.operand,)
    elif isinstance(node, BoolOp):
        children = node.operands
    elif isinstance(node, Compare):
        children = (node.left, node.right)
    else:  # pragma: no cover
        children = ()
    out: set[str] = set()
    for child in children:
        out |= _names(child)
    return out


def _literal_uses(node, out: list[tuple[str, Any]]) -> None:
    """Collect (name, literal) pairs compared together, to check choice values."""
    if isinstance(node, Compare):
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if isinstance(a, Var):
                if isinstance(b, Lit) and b.value is not None:
                    out.append((a.name, b.value))
                elif isinstance(b, ListLit):
                    out.extend((a.name, item.value) for item in b.items if isinstance(item, Lit))
    for attr in ("operand", "left", "right"):
        if hasattr(node, attr):
            _literal_uses(getattr(node, attr), out)
    for attr in ("operands", "args", "items"):
        for child in getattr(node, attr, ()):
            _literal_uses(child, out)


class Expression:
    """A parsed, compiled condition. ``evaluate(resolve)`` returns ``(value, witnesses)``."""

    __slots__ = ("source", "tree", "_fn", "names")

    def __init__(self, source: str):
        self.source = source
        self.tree = _Parser(source).parse()
        self._fn = _compile(self.tree)
        self.names = frozenset(_names(self.tree))

    def evaluate(self, resolve: Resolver) -> Result:
        return self._fn(resolve)

    def truth(self, resolve: Resolver) -> tuple[bool | None, Witness]:
        value, wit = self._fn(resolve)
        return _truth(value, self.source), wit

    def literal_uses(self) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        _literal_uses(self.tree, out)
        return out

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def parse(source: str) -> Expression:
    return Expression(source)
