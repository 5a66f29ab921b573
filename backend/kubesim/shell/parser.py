"""Shell syntax: tokenising words (quotes, escapes, `$(...)`), operators, pipes and redirections."""

from __future__ import annotations

from dataclasses import dataclass, field


# ---- syntax ----------------------------------------------------------------------------------
class ShellSyntaxError(Exception):
    pass


# A word is a sequence of parts: ("q", literal), ("d", double-quoted raw), ("u", unquoted raw).
Part = tuple[str, str]


@dataclass(frozen=True)
class Word:
    parts: tuple[Part, ...]

    @property
    def literal(self) -> str:
        return "".join(text for _, text in self.parts)


Token = Word | str  # str tokens are operators


@dataclass
class Redirect:
    op: str
    target: Word | None = None


@dataclass
class Command:
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.redirects


Pipeline = list[Command]
_OPERATORS = ("&&", "||", ";;", ">>", "&>", ";", "&", "|", ">", "<")
_REDIRECTS = (">", ">>", "<", "2>", "2>>", "2>&1", ">&2", "1>&2", "&>", "1>", "1>>")


def _capture(text: str, i: int, opener: str, closer: str) -> int:
    """Index just past the `closer` that balances the `opener` at text[i] (quotes respected)."""
    depth, j, quote = 0, i, ""
    while j < len(text):
        ch = text[j]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"':
                j += 1
        elif ch in "'\"":
            quote = ch
        elif ch == "\\":
            j += 1
        elif text.startswith(opener, j):
            depth += 1
            j += len(opener) - 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ShellSyntaxError(f"unterminated {opener}")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    parts: list[Part] = []
    started = False  # a word is in progress (even an empty quoted one)

    def add(kind: str, chunk: str) -> None:
        nonlocal started
        started = True
        if parts and parts[-1][0] == kind:
            parts[-1] = (kind, parts[-1][1] + chunk)
        else:
            parts.append((kind, chunk))

    def end_word() -> None:
        nonlocal started
        if started:
            tokens.append(Word(tuple(parts)))
        parts.clear()
        started = False

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r":
            end_word()
            i += 1
        elif ch == "\n":
            end_word()
            tokens.append(";")
            i += 1
        elif ch == "#" and not started:
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif ch == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("Unterminated quoted string")
            add("q", text[i + 1 : end])
            i = end + 1
        elif ch == '"':
            j, raw = i + 1, []
            while True:
                if j >= n:
                    raise ShellSyntaxError("Unterminated quoted string")
                c = text[j]
                if c == "\\" and j + 1 < n:
                    raw.append(text[j : j + 2])
                    j += 2
                    continue
                if c == "$" and text.startswith("$(", j):
                    end = _capture(text, j + 1, "(", ")")
                    raw.append(text[j:end])
                    j = end
                    continue
                if c == '"':
                    break
                raw.append(c)
                j += 1
            add("d", "".join(raw))
            i = j + 1
        elif ch == "\\":
            if i + 1 < n and text[i + 1] != "\n":
                add("q", text[i + 1])
            i += 2
        elif ch == "$" and text.startswith("$(", i):
            end = _capture(text, i + 1, "(", ")")
            add("u", text[i:end])
            i = end
        elif ch == "$" and text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise ShellSyntaxError("bad substitution")
            add("u", text[i : end + 1])
            i = end + 1
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise ShellSyntaxError("Unterminated quoted string")
            add("u", text[i : end + 1])
            i = end + 1
        elif ch in ";&|<>":
            fd = parts == [("u", "1")] or parts == [("u", "2")]
            if ch in "<>" and fd:
                prefix = parts[0][1]
                parts.clear()
                started = False
            else:
                end_word()
                prefix = ""
            for op in ("2>&1", ">&2", ">&1", *_OPERATORS):
                if text.startswith(op, i):
                    break
            else:  # pragma: no cover - every character above starts an operator
                op = ch
            i += len(op)
            op = prefix + op
            if op not in ("1>&1", ">&1", "2>&2"):  # no-ops
                tokens.append(op)
        else:
            add("u", ch)
            i += 1
    end_word()
    return tokens


def parse(tokens: list[Token], shell: str = "sh") -> list[tuple[str, Pipeline]]:
    """The and-or list: (connector before it, pipeline) pairs; connector "" for the first."""
    items: list[tuple[str, Pipeline]] = []
    connector, pipeline, command = "", [], Command()

    def unexpected(tok: str) -> ShellSyntaxError:
        if shell == "bash":
            return ShellSyntaxError(f"syntax error near unexpected token `{tok}'")
        return ShellSyntaxError(f'syntax error: unexpected "{tok}"')

    it = iter(tokens)
    for tok in it:
        if isinstance(tok, Word):
            command.words.append(tok)
            continue
        if tok in _REDIRECTS:
            target: Word | None = None
            if not tok.endswith(("&1", "&2")):
                nxt = next(it, None)
                if not isinstance(nxt, Word):
                    raise unexpected(nxt if isinstance(nxt, str) else "newline")
                target = nxt
            command.redirects.append(Redirect(tok, target))
            continue
        if tok == "|":
            if command.empty:
                raise unexpected(tok)
            pipeline.append(command)
            command = Command()
            continue
        if tok in (";", "&", "&&", "||", ";;"):
            if command.empty:
                if tok in ("&&", "||", ";;") or pipeline or (tok == "&" and not items):
                    raise unexpected(tok)
                if tok in (";", "&") and connector in ("&&", "||"):
                    raise unexpected(tok)
                continue
            pipeline.append(command)
            items.append((connector, pipeline))
            connector, pipeline, command = tok, [], Command()
            continue
        raise unexpected(tok)
    if not command.empty:
        pipeline.append(command)
    elif pipeline:
        raise unexpected("newline")
    if pipeline:
        items.append((connector, pipeline))
    elif connector in ("&&", "||"):
        raise unexpected("newline")
    return items
