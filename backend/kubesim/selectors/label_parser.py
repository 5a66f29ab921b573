"""The label selector text syntax (labels.Parse): a lexer and a recursive-descent parser.

Token kinds, the order checks happen in and every error message mirror
k8s.io/apimachinery/pkg/labels/selector.go, so that a bad `?labelSelector=` is rejected with
exactly the text a real API server sends.
"""

from __future__ import annotations

from enum import Enum

from kubesim.selectors.labels import LabelSelector, Operator, Requirement, new_requirement
from kubesim.selectors.validation import SelectorError, invalid_value, label_key_errors

# What "expected:" lists after a key that is not followed by an operator.
_BINARY_OPERATORS = ", ".join(
    op.value
    for op in (
        Operator.IN,
        Operator.NOT_IN,
        Operator.EQUALS,
        Operator.DOUBLE_EQUALS,
        Operator.NOT_EQUALS,
        Operator.GREATER_THAN,
        Operator.LESS_THAN,
    )
)


class _Tok(Enum):
    ERROR = "error"
    END = "end"
    CLOSE_PAREN = ")"
    COMMA = ","
    NOT = "!"
    DOUBLE_EQUALS = "=="
    EQUALS = "="
    GREATER = ">"
    IDENTIFIER = "identifier"
    IN = "in"
    LESS = "<"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    OPEN_PAREN = "("


_SYMBOLS = {
    ")": _Tok.CLOSE_PAREN,
    ",": _Tok.COMMA,
    "!": _Tok.NOT,
    "==": _Tok.DOUBLE_EQUALS,
    "=": _Tok.EQUALS,
    ">": _Tok.GREATER,
    "<": _Tok.LESS,
    "!=": _Tok.NOT_EQUALS,
    "(": _Tok.OPEN_PAREN,
}
_KEYWORDS = {"in": _Tok.IN, "notin": _Tok.NOT_IN}
_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")
_OPERATOR_TOKENS = {
    _Tok.IN: Operator.IN,
    _Tok.EQUALS: Operator.EQUALS,
    _Tok.DOUBLE_EQUALS: Operator.DOUBLE_EQUALS,
    _Tok.GREATER: Operator.GREATER_THAN,
    _Tok.LESS: Operator.LESS_THAN,
    _Tok.NOT_IN: Operator.NOT_IN,
    _Tok.NOT_EQUALS: Operator.NOT_EQUALS,
}

_Token = tuple[_Tok, str]


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        if pos >= len(text):
            tokens.append((_Tok.END, ""))
            return tokens
        if text[pos] in _SPECIAL:
            token, pos = _lex_symbol(text, pos)
        else:
            token, pos = _lex_word(text, pos)
        tokens.append(token)


def _lex_symbol(text: str, start: int) -> tuple[_Token, int]:
    # Longest run of special characters that still spells an operator ("!=" over "!").
    best: str | None = None
    pos = start
    while pos < len(text) and text[pos] in _SPECIAL:
        candidate = text[start : pos + 1]
        if candidate in _SYMBOLS:
            best = candidate
        elif best is not None:
            break
        pos += 1
    if best is None:
        return (_Tok.ERROR, f"error expected: keyword found '{text[start:pos]}'"), pos
    return (_SYMBOLS[best], best), start + len(best)


def _lex_word(text: str, start: int) -> tuple[_Token, int]:
    pos = start
    while pos < len(text) and text[pos] not in _SPECIAL and text[pos] not in _WHITESPACE:
        pos += 1
    word = text[start:pos]
    return (_KEYWORDS.get(word, _Tok.IDENTIFIER), word), pos


class _Parser:
    """Recursive-descent parser over the token list, mirroring labels.Parser step by step."""

    def __init__(self, text: str) -> None:
        self._tokens = _lex(text)
        self._pos = 0

    def _peek(self, values: bool = True) -> _Token:
        return self._as_context(self._tokens[self._pos], values)

    def _next(self, values: bool = True) -> _Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return self._as_context(token, values)

    @staticmethod
    def _as_context(token: _Token, values: bool) -> _Token:
        # "in"/"notin" are operators only right after a key; elsewhere they are plain words,
        # so `in in (in)` is a valid selector on a label called "in".
        if values and token[0] in (_Tok.IN, _Tok.NOT_IN):
            return _Tok.IDENTIFIER, token[1]
        return token

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            tok, lit = self._peek()
            if tok is _Tok.END:
                return requirements
            if tok not in (_Tok.IDENTIFIER, _Tok.NOT):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                requirements.append(self._requirement())
            except SelectorError as err:
                raise SelectorError(f"unable to parse requirement: {err}") from None
            tok, lit = self._next()
            if tok is _Tok.END:
                return requirements
            if tok is not _Tok.COMMA:
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            tok, lit = self._peek()
            if tok not in (_Tok.IDENTIFIER, _Tok.NOT):
                raise SelectorError(f"found '{lit}', expected: identifier after ','")

    def _requirement(self) -> Requirement:
        negated = self._peek()[0] is _Tok.NOT
        if negated:
            self._next()
        tok, key = self._next()
        if tok is not _Tok.IDENTIFIER:
            raise SelectorError(f"found '{key}', expected: identifier")
        key_errs = label_key_errors(key)
        if key_errs:
            # The real parser validates with a nil field path, hence the literal "<nil>".
            raise SelectorError(invalid_value("<nil>", key, "; ".join(key_errs)))
        if negated:
            # "!key" takes no operator; anything after it is reported by the caller.
            return new_requirement(key, Operator.DOES_NOT_EXIST, [])
        if self._peek()[0] in (_Tok.END, _Tok.COMMA):
            return new_requirement(key, Operator.EXISTS, [])
        operator = self._operator()
        if operator in (Operator.IN, Operator.NOT_IN):
            values = self._value_set()
        else:
            values = self._exact_value()
        return new_requirement(key, operator, sorted(values))

    def _operator(self) -> Operator:
        tok, lit = self._next(values=False)
        operator = _OPERATOR_TOKENS.get(tok)
        if operator is None:
            raise SelectorError(f"found '{lit}', expected: {_BINARY_OPERATORS}")
        return operator

    def _value_set(self) -> set[str]:
        tok, lit = self._next()
        if tok is not _Tok.OPEN_PAREN:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self._peek()
        if tok is _Tok.CLOSE_PAREN:  # "()" means the single empty value
            self._next()
            return {""}
        if tok not in (_Tok.IDENTIFIER, _Tok.COMMA):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values = self._identifier_list()
        self._next()  # the ")" that _identifier_list stopped in front of
        return values

    def _identifier_list(self) -> set[str]:
        # Empty entries are allowed and mean the empty value: "(a,,b)", "(,a)", "(a,)".
        values: set[str] = set()
        while True:
            tok, lit = self._next()
            if tok is _Tok.IDENTIFIER:
                values.add(lit)
                follow, follow_lit = self._peek()
                if follow is _Tok.CLOSE_PAREN:
                    return values
                if follow is not _Tok.COMMA:
                    raise SelectorError(f"found '{follow_lit}', expected: ',' or ')'")
            elif tok is _Tok.COMMA:
                if not values:
                    values.add("")
                follow = self._peek()[0]
                if follow in (_Tok.CLOSE_PAREN, _Tok.COMMA):
                    values.add("")
                if follow is _Tok.CLOSE_PAREN:
                    return values
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def _exact_value(self) -> set[str]:
        if self._peek()[0] in (_Tok.END, _Tok.COMMA):
            return {""}  # "k=" selects the empty value
        tok, lit = self._next()
        if tok is not _Tok.IDENTIFIER:
            raise SelectorError(f"found '{lit}', expected: identifier")
        return {lit}


def parse_label_selector(text: str) -> LabelSelector:
    """Parse `?labelSelector=` syntax; raises SelectorError with the API server's message."""
    return LabelSelector(_Parser(text).parse())
