# ruff: noqa: S108  (paths inside the simulated container)
"""A small simulated shell for `kubectl exec`: pure (no I/O, no clock unless given one).

It understands what people type into a container: words with quotes and escapes, `$VAR`,
`${VAR:-x}`, `$?`, `$(cmd)`, `~` and `*` globs; `;`, `&&`, `||`, `|`; redirections `>`, `>>`,
`<`, `2>`, `2>&1`, `>&2`; and a few dozen commands (echo, env, ls, cat, ps, uname, ...) that read
the container's simulated environment and filesystem (kubesim.shellfs). Control flow (if, for,
while) is not supported and says so.

`Shell.run(line)` runs a line as typed at a prompt; `Shell.run_argv(argv)` runs an exec request's
command without a shell, as the container runtime would. Both return a `Result`: the output as
events (stdout/stderr text and sleeps, in order, so the caller can play them back in real time)
and the exit code.
"""

from __future__ import annotations

import contextlib
import fnmatch
import math
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kubesim.images import SHELLS
from kubesim.shellfs import MESSAGES, ContainerContext, FileError, FileSystem

MAX_SLEEP = 3600.0
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KERNEL = "6.8.0-1019-aws"
_KERNEL_BUILD = "#21~22.04.1-Ubuntu SMP Thu Oct 23 10:08:51 UTC 2026"


# ---- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Output:
    stream: int  # 1 stdout, 2 stderr
    text: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


Event = Output | Sleep


@dataclass
class Result:
    events: list[Event] = field(default_factory=list)
    code: int = 0

    def text(self, stream: int) -> str:
        return "".join(e.text for e in self.events if isinstance(e, Output) and e.stream == stream)

    @property
    def stdout(self) -> str:
        return self.text(1)

    @property
    def stderr(self) -> str:
        return self.text(2)

    @property
    def slept(self) -> float:
        return sum(e.seconds for e in self.events if isinstance(e, Sleep))


class _Io:
    """A command's standard streams while it runs."""

    def __init__(self, stdin: str = "") -> None:
        self.stdin = stdin
        self.events: list[Event] = []

    def out(self, text: str) -> None:
        if text:
            self.events.append(Output(1, text))

    def err(self, text: str) -> None:
        if text:
            self.events.append(Output(2, text))

    def sleep(self, seconds: float) -> None:
        self.events.append(Sleep(seconds))


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


# ---- the shell -------------------------------------------------------------------------------
_COMMON_COMMANDS = (
    "cat",
    "clear",
    "date",
    "df",
    "echo",
    "env",
    "false",
    "free",
    "grep",
    "head",
    "hostname",
    "id",
    "kill",
    "ls",
    "mkdir",
    "nproc",
    "printenv",
    "printf",
    "ps",
    "pwd",
    "rm",
    "sh",
    "sleep",
    "sort",
    "stty",
    "tail",
    "test",
    "touch",
    "true",
    "tty",
    "uname",
    "uniq",
    "uptime",
    "wc",
    "which",
    "whoami",
)
_BUILTINS = (
    ":",
    "[",
    "alias",
    "cd",
    "command",
    "echo",
    "exit",
    "export",
    "false",
    "help",
    "history",
    "logout",
    "printf",
    "pwd",
    "set",
    "test",
    "true",
    "type",
    "unset",
)
_FAMILY_COMMANDS = {
    "nginx": ("nginx", "curl", "bash"),
    "postgres": ("psql", "pg_isready", "postgres", "bash"),
    "redis": ("redis-cli", "redis-server", "bash"),
    "mysql": ("mysql", "mysqladmin", "mysqld", "bash"),
}
_UNSUPPORTED_SYNTAX = ("if", "for", "while", "until", "case", "function", "select", "{", "(")


class Shell:
    """One shell process (with its nested shells) inside a simulated container."""

    def __init__(
        self,
        ctx: ContainerContext,
        name: str = "sh",
        clock: Callable[[], float] = time.time,
        tty: bool = False,
        size: tuple[int, int] = (80, 24),
    ) -> None:
        self.ctx = ctx
        self.name = posixpath.basename(name) or "sh"
        self.clock = clock
        self.tty = tty
        self.interactive = False  # reading commands from a user (exec -i sh): set by the caller
        self.stdout_tty = tty  # whether this shell's output goes to the terminal
        self.terminal_out = tty  # whether the running command's output does
        self.size = size  # (columns, rows), updated by resize messages
        self.commands = self._available_commands()
        self.fs = FileSystem(ctx, self.commands)
        self.vars: dict[str, str] = dict(ctx.env)
        if tty:
            self.vars.setdefault("TERM", "xterm")
        self.exported: set[str] = set(self.vars)
        self.cwd = ctx.workdir if self.fs.is_dir(ctx.workdir) else "/"
        self.status = 0
        self.exited = False
        self.history: list[str] = []
        self.levels: list[tuple[str, str, dict[str, str], set[str]]] = []
        self.pid = 7

    def _available_commands(self) -> tuple[str, ...]:
        image = self.ctx.image
        if not image.has_shell:
            return ()
        commands = list(_COMMON_COMMANDS) + list(_FAMILY_COMMANDS.get(image.family, ()))
        if image.has_bash and "bash" not in commands:
            commands.append("bash")
        if not image.has_bash and "bash" in commands:
            commands.remove("bash")
        if image.os in ("alpine", "busybox"):
            commands += ["ash", "wget"]
        elif "curl" not in commands and image.family != "app":
            commands.append("curl")
        return tuple(sorted(set(commands)))

    # -- what the user sees
    @property
    def user(self) -> str:
        return self.ctx.user_name() or "I have no name!"

    def prompt(self) -> str:
        sign = "#" if self.ctx.uid == 0 else "$"
        home = self.vars.get("HOME", "/root")
        shown = self.cwd
        if home != "/" and (shown == home or shown.startswith(home + "/")):
            shown = "~" + shown[len(home) :]
        if self.name == "bash":
            return f"{self.user}@{self.ctx.pod}:{shown}{sign} "
        if self.ctx.image.os in ("alpine", "busybox"):
            return f"{shown} {sign} "
        return f"{sign} "

    def error_prefix(self) -> str:
        return f"{self.name}: "

    # -- entry points
    def run(self, line: str, stdin: str = "") -> Result:
        """Run a line as typed at this shell's prompt."""
        if line.strip():
            self.history.append(line.rstrip("\n"))
        io = _Io(stdin)
        self.status = self._script(line, io)
        return Result(io.events, self.status)

    def run_argv(self, argv: list[str], stdin: str = "") -> Result:
        """Run an exec request's command directly (no shell parses it)."""
        io = _Io(stdin)
        if not argv:
            io.err("OCI runtime exec failed: exec failed: no command given: unknown\n")
            return Result(io.events, 126)
        resolved = self._resolve(argv[0])
        if resolved is None or (resolved in _BUILTINS and resolved not in self.commands):
            io.err(
                "OCI runtime exec failed: exec failed: unable to start container process: "
                f'exec: "{argv[0]}": executable file not found in $PATH: unknown\n'
            )
            return Result(io.events, 127)
        code = self._invoke(argv, io, top=True)
        self.status = code
        return Result(io.events, code)

    def starts_interactive(self, argv: list[str]) -> bool:
        """An exec of a shell with no script: it reads commands from stdin."""
        return bool(argv) and self._is_shell(argv[0]) and not self._script_arg(argv[1:])

    def wants_stdin(self, argv: list[str]) -> bool:
        """Whether a one-shot command reads its standard input (then the caller gathers it)."""
        if not argv:
            return False
        if self._is_shell(argv[0]):
            script = self._script_arg(argv[1:])
            if script is None:
                return True
            try:
                items = parse(tokenize(script))
            except ShellSyntaxError:
                return False
            return any(
                pipe[0].words
                and not any(r.op == "<" for r in pipe[0].redirects)
                and _reads_stdin([w.literal for w in pipe[0].words])
                for _, pipe in items
            )
        return _reads_stdin(argv)

    # -- internals
    def _is_shell(self, name: str) -> bool:
        return posixpath.basename(name) in SHELLS and self._resolve(name) is not None

    @staticmethod
    def _script_arg(args: list[str]) -> str | None:
        for i, arg in enumerate(args):
            if arg.startswith("-") and "c" in arg[1:] and not arg.startswith("--"):
                return args[i + 1] if i + 1 < len(args) else ""
        return None

    def _resolve(self, name: str) -> str | None:
        base = posixpath.basename(name)
        if "/" in name:
            path = self.fs.resolve(self.cwd, name)
            if (
                posixpath.dirname(path)
                in ("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin")
                and base in self.commands
            ):
                return base
            return path if self.fs.is_executable(path) else None
        if not self.commands:
            return None
        if base in _BUILTINS or base in self.commands:
            return base
        return None

    def _err(self, io: _Io, message: str) -> None:
        io.err(f"{self.error_prefix()}{message}\n")

    def _script(self, text: str, io: _Io) -> int:
        if "PWD" not in self.vars:  # a shell exports its working directory
            self.vars["PWD"] = self.cwd
            self.exported.add("PWD")
        try:
            items = parse(tokenize(text), self.name)
        except ShellSyntaxError as exc:
            self._err(io, str(exc))
            return 2
        for _, pipeline in items:
            for command in pipeline:
                first = command.words[0].literal if command.words else ""
                if first in _UNSUPPORTED_SYNTAX and command.words[0].parts[0][0] == "u":
                    self._err(io, f"'{first}' is not supported by kubesim's simulated shell")
                    return 2
        status = self.status
        for connector, pipeline in items:
            if connector == "&&" and status != 0:
                continue
            if connector == "||" and status == 0:
                continue
            status = self._pipeline(pipeline, io)
            self.status = status
            if self.exited:
                break
        return status

    def _pipeline(self, pipeline: Pipeline, io: _Io) -> int:
        stdin = io.stdin
        status = 0
        for index, command in enumerate(pipeline):
            last = index == len(pipeline) - 1
            sub = _Io(stdin)
            status = self._command(command, sub, piped=not last)
            if last:
                io.events.extend(sub.events)
            else:
                stdin = "".join(
                    e.text for e in sub.events if isinstance(e, Output) and e.stream == 1
                )
                io.events.extend(
                    e for e in sub.events if not (isinstance(e, Output) and e.stream == 1)
                )
            if self.exited:
                break
        return status

    def _command(self, command: Command, io: _Io, piped: bool = False) -> int:
        words: list[str] = []
        for word in command.words:
            words.extend(self._expand_word(word, io))
        assignments: dict[str, str] = {}
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            key, _, value = words.pop(0).partition("=")
            assignments[key] = value
        if not words:
            for key, value in assignments.items():
                self.vars[key] = value
            return self._apply_redirects(command.redirects, io, _Io(io.stdin), 0)
        run = _Io(io.stdin)
        for redirect in command.redirects:
            if redirect.op == "<" and redirect.target is not None:
                path = self.fs.resolve(self.cwd, self._expand_text(redirect.target, io))
                try:
                    run.stdin = self.fs.read(path)
                except FileError as exc:
                    self._err(io, f"can't open {redirect.target.literal}: {_msg(exc).lower()}")
                    return 1
        saved = {k: self.vars.get(k) for k in assignments}
        self.vars.update(assignments)
        try:
            redirected = any(r.op in (">", ">>", "1>", "1>>", "&>") for r in command.redirects)
            self.terminal_out = self.stdout_tty and not piped and not redirected
            code = self._invoke(words, run)
        finally:
            for key, old in saved.items():
                if old is None:
                    self.vars.pop(key, None)
                else:
                    self.vars[key] = old
            self.terminal_out = self.stdout_tty
        return self._apply_redirects(command.redirects, io, run, code)

    def _apply_redirects(self, redirects: list[Redirect], io: _Io, run: _Io, code: int) -> int:
        targets: dict[int, tuple[str, str]] = {1: ("stream", "1"), 2: ("stream", "2")}
        for redirect in redirects:
            op = redirect.op
            if op == "<":
                continue
            if op in ("2>&1",):
                targets[2] = targets[1]
                continue
            if op in (">&2", "1>&2"):
                targets[1] = targets[2]
                continue
            assert redirect.target is not None
            path = self.fs.resolve(self.cwd, self._expand_text(redirect.target, io))
            target = {"/dev/stdout": ("stream", "1"), "/dev/stderr": ("stream", "2")}.get(
                path, ("file", path)
            )
            if target[0] == "file":
                try:
                    self.fs.write(path, "", append=op.endswith(">>"))
                except FileError as exc:
                    self._err(io, f"can't create {redirect.target.literal}: {_msg(exc)}")
                    return 1
            if op == "&>":
                targets[1] = targets[2] = target
            elif op.startswith("2"):
                targets[2] = target
            else:
                targets[1] = target
        for event in run.events:
            if not isinstance(event, Output):
                io.events.append(event)
                continue
            kind, where = targets.get(event.stream, ("stream", str(event.stream)))
            if kind == "stream":
                io.events.append(Output(int(where), event.text))
            else:
                with contextlib.suppress(FileError):
                    self.fs.write(where, event.text, append=True)
        return code

    # -- expansion
    def _expand_word(self, word: Word, io: _Io) -> list[str]:
        text, globbing, only_unquoted = "", False, True
        for index, (kind, raw) in enumerate(word.parts):
            if kind == "q":
                text += raw
                only_unquoted = False
            elif kind == "d":
                text += self._expand(raw, io, quoted=True)
                only_unquoted = False
            else:
                if index == 0 and (raw == "~" or raw.startswith("~/")):
                    raw = self.vars.get("HOME", "/root") + raw[1:]
                if any(c in raw for c in "*?["):
                    globbing = True
                text += self._expand(raw, io, quoted=False)
        expanded = any("$" in raw or "`" in raw for _, raw in word.parts)
        if only_unquoted and expanded:
            fields = text.split()  # field splitting of an unquoted expansion
            if len(fields) != 1:
                return fields
        if globbing:
            matches = self._glob(text)
            if matches:
                return matches
        return [text]

    def _expand_text(self, word: Word, io: _Io) -> str:
        return " ".join(self._expand_word(word, io))

    def _expand(self, raw: str, io: _Io, quoted: bool) -> str:
        out: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            ch = raw[i]
            if ch == "\\" and quoted and i + 1 < n:
                nxt = raw[i + 1]
                out.append(nxt if nxt in '$`"\\\n' else ch + nxt)
                i += 2
            elif ch == "`":
                end = raw.find("`", i + 1)
                end = n if end < 0 else end
                out.append(self._substitute(raw[i + 1 : end], io))
                i = end + 1
            elif ch == "$" and raw.startswith("$(", i):
                end = _capture(raw, i + 1, "(", ")")
                out.append(self._substitute(raw[i + 2 : end - 1], io))
                i = end
            elif ch == "$" and raw.startswith("${", i):
                end = raw.find("}", i)
                end = n if end < 0 else end
                out.append(self._parameter(raw[i + 2 : end]))
                i = end + 1
            elif ch == "$" and i + 1 < n and (raw[i + 1] in "?$#!@*0123456789-"):
                out.append(self._special(raw[i + 1]))
                i += 2
            elif ch == "$":
                match = re.match(r"[A-Za-z_][A-Za-z0-9_]*", raw[i + 1 :])
                if match:
                    out.append(self.vars.get(match.group(0), ""))
                    i += 1 + len(match.group(0))
                else:
                    out.append("$")
                    i += 1
            else:
                out.append(ch)
                i += 1
        return "".join(out)

    def _special(self, ch: str) -> str:
        return {
            "?": str(self.status),
            "$": str(self.pid),
            "#": "0",
            "0": self.name,
            "!": "",
            "-": "",
            "@": "",
            "*": "",
        }.get(ch, "")

    def _parameter(self, spec: str) -> str:
        if spec.startswith("#"):
            return str(len(self.vars.get(spec[1:], "")))
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?])?(.*)$", spec)
        if not match:
            return self._special(spec) if len(spec) == 1 else ""
        name, op, word = match.groups()
        value = self.vars.get(name)
        empty = value is None or (op is not None and op.startswith(":") and value == "")
        if op in ("-", ":-"):
            return word if empty else str(value)
        if op in ("=", ":="):
            if empty:
                self.vars[name] = word
                return word
            return str(value)
        if op in ("+", ":+"):
            return "" if empty else word
        return value or ""

    def _substitute(self, script: str, io: _Io) -> str:
        child = _Io(io.stdin)
        saved_status = self.status
        sub = self._child(self.name)
        sub.stdout_tty = sub.terminal_out = False  # its output is captured, not shown
        sub._script(script, child)
        self.fs = sub.fs
        io.events.extend(e for e in child.events if not (isinstance(e, Output) and e.stream == 1))
        self.status = saved_status
        return "".join(
            e.text for e in child.events if isinstance(e, Output) and e.stream == 1
        ).rstrip("\n")

    def _glob(self, pattern: str) -> list[str]:
        absolute = pattern.startswith("/")
        base = "/" if absolute else self.cwd
        candidates = [""]
        for segment in [s for s in pattern.split("/") if s]:
            nxt: list[str] = []
            for prefix in candidates:
                directory = self.fs.resolve(base, prefix or ".")
                if any(c in segment for c in "*?["):
                    try:
                        names = self.fs.list(directory)
                    except FileError:
                        continue
                    nxt += [
                        posixpath.join(prefix, name)
                        for name in names
                        if fnmatch.fnmatchcase(name, segment) and not name.startswith(".")
                    ]
                else:
                    path = posixpath.join(prefix, segment)
                    if self.fs.exists(self.fs.resolve(base, path)):
                        nxt.append(path)
            candidates = nxt
        return sorted("/" + c if absolute else c for c in candidates if c)

    def _child(self, name: str) -> Shell:
        child = Shell.__new__(Shell)
        child.__dict__.update(self.__dict__)
        child.name = posixpath.basename(name)
        child.vars = dict(self.vars)
        child.exported = set(self.exported)
        child.exited = False
        child.interactive = False
        child.levels = []
        child.history = []
        child.pid = self.pid + 3
        return child

    # -- running a command
    def _invoke(self, argv: list[str], io: _Io, top: bool = False) -> int:
        name = argv[0]
        resolved = self._resolve(name)
        if resolved is None:
            if "/" in name:
                path = self.fs.resolve(self.cwd, name)
                if self.fs.is_dir(path) or self.fs.is_file(path):
                    self._err(io, f"{name}: Permission denied")
                    return 126
            if self.name == "bash":
                self._err(io, f"{name}: command not found")
            else:
                self._err(io, f"{name}: not found")
            return 127
        if resolved in SHELLS:
            return self._nested(name, argv[1:], io)
        method = resolved.replace("-", "_").replace("[", "bracket").replace(":", "colon")
        handler = getattr(self, "_c_" + method, None)
        if handler is None:
            return 0  # an executable file of the image: it runs and exits quietly
        try:
            return int(handler(argv[1:], io))
        except _Usage as exc:
            io.err(f"{resolved}: {exc}\n")
            return exc.code

    # -- builtins
    def _c_colon(self, args: list[str], io: _Io) -> int:
        return 0

    def _c_true(self, args: list[str], io: _Io) -> int:
        return 0

    def _c_false(self, args: list[str], io: _Io) -> int:
        return 1

    def _c_exit(self, args: list[str], io: _Io) -> int:
        try:
            code = int(args[0]) & 0xFF if args else self.status
        except ValueError:
            self._err(io, f"exit: Illegal number: {args[0]}")
            code = 2
        if self.levels:
            self.name, self.cwd, self.vars, self.exported = self.levels.pop()
            if self.interactive and self.tty and self.name == "bash":
                io.out("exit\n")
            return code
        if self.interactive and self.tty and self.name == "bash":
            io.out("exit\n")
        self.exited = True
        return code

    _c_logout = _c_exit

    def _c_cd(self, args: list[str], io: _Io) -> int:
        args = [a for a in args if a not in ("-L", "-P")]
        target = args[0] if args else self.vars.get("HOME", "/root")
        if target == "-":
            target = self.vars.get("OLDPWD", self.cwd)
            io.out(target + "\n")
        path = self.fs.resolve(self.cwd, target)
        if not self.fs.is_dir(path):
            why = "Not a directory" if self.fs.is_file(path) else "No such file or directory"
            if self.name == "bash":
                self._err(io, f"cd: {target}: {why}")
                return 1
            self._err(io, f"cd: can't cd to {target}: {why}")
            return 2
        self.vars["OLDPWD"] = self.cwd
        self.cwd = path
        self.vars["PWD"] = path
        return 0

    def _c_pwd(self, args: list[str], io: _Io) -> int:
        io.out(self.cwd + "\n")
        return 0

    def _c_echo(self, args: list[str], io: _Io) -> int:
        newline, escapes = True, False
        while args and re.fullmatch(r"-[neE]+", args[0]):
            flags = args.pop(0)
            newline = newline and "n" not in flags
            escapes = ("e" in flags) or (escapes and "E" not in flags)
        text = " ".join(args)
        if escapes:
            text, stop = _escapes(text)
            newline = newline and not stop
        io.out(text + ("\n" if newline else ""))
        return 0

    def _c_printf(self, args: list[str], io: _Io) -> int:
        if not args:
            self._err(io, "printf: usage: printf format [arguments]")
            return 2
        fmt, rest = args[0], args[1:]
        out, code = _printf(fmt, rest)
        io.out(out)
        if code:
            io.err("printf: invalid number\n")
        return code

    def _c_export(self, args: list[str], io: _Io) -> int:
        args = [a for a in args if a != "-p"]
        if not args:
            for key in self.vars:
                if key in self.exported:
                    value = self.vars[key].replace("'", "'\\''")
                    io.out(
                        f"export {key}='{value}'\n"
                        if self.name != "bash"
                        else f'declare -x {key}="{self.vars[key]}"\n'
                    )
            return 0
        for arg in args:
            key, eq, value = arg.partition("=")
            if eq:
                self.vars.pop(key, None)
                self.vars[key] = value
            self.exported.add(key)
        return 0

    def _c_unset(self, args: list[str], io: _Io) -> int:
        for key in args:
            if not key.startswith("-"):
                self.vars.pop(key, None)
                self.exported.discard(key)
        return 0

    def _c_set(self, args: list[str], io: _Io) -> int:
        if not args:
            for key, value in sorted(self.vars.items()):
                io.out(f"{key}='{value}'\n")
        return 0

    def _c_alias(self, args: list[str], io: _Io) -> int:
        return 0

    def _c_history(self, args: list[str], io: _Io) -> int:
        for i, line in enumerate(self.history, 1):
            io.out(f"{i:5d}  {line}\n")
        return 0

    def _c_help(self, args: list[str], io: _Io) -> int:
        io.out(
            "kubesim simulated shell: a few commands over a simulated container.\n"
            f"Built-ins: {' '.join(sorted(set(_BUILTINS) - {':', '['}))}\n"
            f"Commands: {' '.join(c for c in self.commands if c not in _BUILTINS)}\n"
            "Supports quotes, $VAR, $(cmd), globs, ;, &&, ||, |, >, >>, <, 2>&1.\n"
        )
        return 0

    def _where(self, name: str) -> str | None:
        resolved = self._resolve(name)
        if resolved is None:
            return None
        if "/" in name:
            return name
        if name in self.commands:
            return ("/bin/" if self.ctx.image.os in ("alpine", "busybox") else "/usr/bin/") + name
        return None

    def _c_which(self, args: list[str], io: _Io) -> int:
        code = 0
        for name in [a for a in args if not a.startswith("-")]:
            where = self._where(name)
            if where:
                io.out(where + "\n")
            else:
                code = 1
        return code

    def _c_type(self, args: list[str], io: _Io) -> int:
        code = 0
        for name in args:
            if name in _BUILTINS:
                io.out(f"{name} is a shell builtin\n")
            elif where := self._where(name):
                io.out(f"{name} is {where}\n")
            else:
                self._err(io, f"type: {name}: not found")
                code = 1
        return code

    def _c_command(self, args: list[str], io: _Io) -> int:
        if args and args[0] in ("-v", "-V"):
            code = 0
            for name in args[1:]:
                if name in _BUILTINS:
                    io.out(name + "\n")
                elif where := self._where(name):
                    io.out(where + "\n")
                else:
                    code = 1
            return code
        return self._invoke(args, io) if args else 0

    def _c_test(self, args: list[str], io: _Io) -> int:
        try:
            return 0 if _test(args, self) else 1
        except _Usage as exc:
            self._err(io, f"test: {exc}")
            return 2

    def _c_bracket(self, args: list[str], io: _Io) -> int:
        if not args or args[-1] != "]":
            self._err(io, "[: missing ]")
            return 2
        return self._c_test(args[:-1], io)

    # -- shells
    def _nested(self, name: str, args: list[str], io: _Io) -> int:
        script = self._script_arg(args)
        child = self._child(name)
        if script is not None:
            code = child._script(script, io)
        elif io.stdin:
            code = child._script(io.stdin, io)
        elif self.interactive:
            # An interactive shell inside this one: the session continues in it.
            self.levels.append((self.name, self.cwd, self.vars, self.exported))
            self.name = posixpath.basename(name)
            self.vars = dict(self.vars)
            self.exported = set(self.exported)
            return 0
        else:
            return 0
        self.fs = child.fs
        return code

    # -- information
    def _c_env(self, args: list[str], io: _Io) -> int:
        extra: dict[str, str] = {}
        while args and "=" in args[0] and not args[0].startswith("-"):
            key, _, value = args.pop(0).partition("=")
            extra[key] = value
        args = [a for a in args if a != "--"]
        if args and not args[0].startswith("-"):
            saved = dict(self.vars)
            self.vars.update(extra)
            try:
                return self._invoke(args, io)
            finally:
                self.vars = saved
        env = {k: v for k, v in self.vars.items() if k in self.exported}
        env.update(extra)
        io.out("".join(f"{k}={v}\n" for k, v in env.items()))
        return 0

    def _c_printenv(self, args: list[str], io: _Io) -> int:
        if not args:
            return self._c_env([], io)
        code = 0
        for key in args:
            if key in self.vars and key in self.exported:
                io.out(self.vars[key] + "\n")
            else:
                code = 1
        return code

    def _c_hostname(self, args: list[str], io: _Io) -> int:
        if args and args[0] in ("-i", "-I", "--ip-address"):
            io.out(self.ctx.pod_ip + ("\n" if args[0] == "-i" else " \n"))
        elif args and args[0] in ("-d", "--domain"):
            io.out("\n")
        else:
            io.out(self.ctx.pod + "\n")
        return 0

    def _c_whoami(self, args: list[str], io: _Io) -> int:
        name = self.ctx.user_name()
        if name is None:
            io.err(f"whoami: cannot find name for user ID {self.ctx.uid}\n")
            return 1
        io.out(name + "\n")
        return 0

    def _c_id(self, args: list[str], io: _Io) -> int:
        uid, name = self.ctx.uid, self.ctx.user_name()
        if "-u" in args:
            io.out((name if "-n" in args and name else str(uid)) + "\n")
            return 0
        if "-g" in args:
            io.out(("root" if "-n" in args else "0") + "\n")
            return 0
        user = f"{uid}({name})" if name else str(uid)
        io.out(f"uid={user} gid=0(root) groups=0(root)\n")
        return 0

    def _c_uname(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        gnu = self.ctx.image.os not in ("alpine", "busybox")
        fields = {
            "s": "Linux",
            "n": self.ctx.pod,
            "r": _KERNEL,
            "v": _KERNEL_BUILD,
            "m": "x86_64",
            "p": "unknown" if gnu else "",
            "i": "unknown" if gnu else "",
            "o": "GNU/Linux" if gnu else "Linux",
        }
        if "a" in flags:
            io.out(" ".join(fields[f] for f in "snrvmo" if fields[f]) + "\n")
        else:
            chosen = [f for f in "snrvmpio" if f in flags] or ["s"]
            io.out(" ".join(fields[f] for f in chosen) + "\n")
        return 0

    def _c_date(self, args: list[str], io: _Io) -> int:
        now = self.clock()
        fmt = next((a[1:] for a in args if a.startswith("+")), None)
        t = time.gmtime(now)
        if fmt is None:
            io.out(
                f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} "
                f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}\n"
            )
            return 0
        fmt = fmt.replace("%s", str(int(now))).replace("%N", f"{int(now % 1 * 1e9):09d}")
        fmt = fmt.replace("%Z", "UTC").replace("%z", "+0000")
        io.out(time.strftime(fmt, t) + "\n")
        return 0

    def _c_uptime(self, args: list[str], io: _Io) -> int:
        now = self.clock()
        t = time.gmtime(now)
        up = 3 * 86400 + 7380  # the node booted a while before the container started
        if self.ctx.started_ns:
            up += max(0, int(now - self.ctx.started_ns / 1e9))
        days, rest = divmod(up, 86400)
        hours, minutes = rest // 3600, rest % 3600 // 60
        io.out(
            f" {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} up {days} days, {hours:2d}:"
            f"{minutes:02d},  0 users,  load average: 0.21, 0.18, 0.12\n"
        )
        return 0

    def _c_nproc(self, args: list[str], io: _Io) -> int:
        io.out(f"{math.ceil(self.ctx.cpu_limit) if self.ctx.cpu_limit else 4}\n")
        return 0

    def _c_free(self, args: list[str], io: _Io) -> int:
        total = self.ctx.memory_limit or 16 * 1024**3
        used = min(total, 96 * 1024**2 + total // 7)
        scale, unit = (1024**2, "") if "-m" in args else (1024, "")
        values = (total, used, total - used, 1024**2, used // 3, total - used)
        if "-h" in args:
            cols = [_human(x, "i") for x in values]
        else:
            cols = [str(x // scale) for x in values]
        io.out("               total        used        free      shared  buff/cache   available\n")
        io.out("Mem:    " + "".join(f"{c:>12}" for c in cols) + unit + "\n")
        io.out("Swap:   " + "".join(f"{c:>12}" for c in ("0", "0", "0")) + "\n")
        return 0

    def _c_df(self, args: list[str], io: _Io) -> int:
        human = "-h" in args
        rows = [
            ("overlay", 80 * 1024**3, 23 * 1024**3, "/"),
            ("tmpfs", 64 * 1024**2, 0, "/dev"),
            ("/dev/root", 80 * 1024**3, 23 * 1024**3, "/etc/hosts"),
            ("shm", 64 * 1024**2, 0, "/dev/shm"),
        ]
        for path in sorted(self.ctx.dirs):
            rows.append(
                (
                    "tmpfs" if "secrets" in path else "/dev/root",
                    80 * 1024**3,
                    12 * 1024 if "secrets" in path else 23 * 1024**3,
                    path,
                )
            )
        size_header = "Size" if human else "1K-blocks"
        io.out(
            f"{'Filesystem':<20}{size_header:>10}{'Used':>10}{'Available':>10} Use% Mounted on\n"
        )
        for fs_name, size, used, mount in rows:
            cells = [
                (_human(x, "") if human else str(x // 1024)) for x in (size, used, size - used)
            ]
            pct = f"{round(100 * used / size)}%" if size else "0%"
            io.out(f"{fs_name:<20}{cells[0]:>10}{cells[1]:>10}{cells[2]:>10} {pct:>4} {mount}\n")
        return 0

    def _c_ps(self, args: list[str], io: _Io) -> int:
        me = self.ctx.user_name() or str(self.ctx.uid)
        procs = [*self.ctx.processes, (self.pid, me, self.name)]
        procs.append((self.pid + 6, me, "ps " + " ".join(args) if args else "ps"))
        if self.ctx.image.os in ("alpine", "busybox"):
            io.out("PID   USER     TIME  COMMAND\n")
            for pid, user, command in procs:
                io.out(f"{pid:5d} {user[:8]:<8} {'0:00':>5} {command}\n")
            return 0
        flags = "".join(args).lstrip("-")
        if "e" in flags and "f" in flags:
            io.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
            for pid, user, command in procs:
                ppid = 0 if pid == 1 else (1 if pid < self.pid else self.pid)
                tty = "pts/0" if pid >= self.pid and self.tty else "?"
                io.out(f"{user[:8]:<8} {pid:7d} {ppid:7d}  0 10:00 {tty:<8} 00:00:00 {command}\n")
            return 0
        if "a" in flags or "x" in flags or "e" in flags:
            io.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
            for pid, user, command in procs:
                tty = "pts/0" if pid >= self.pid and self.tty else "?"
                io.out(
                    f"{user[:8]:<8} {pid:7d}  0.0  0.1  11472  7424 {tty:<8} Ss   10:00   "
                    f"0:00 {command}\n"
                )
            return 0
        io.out("    PID TTY          TIME CMD\n")
        for pid, _, command in procs:
            if pid >= self.pid:
                io.out(
                    f"{pid:7d} {'pts/0' if self.tty else '?':<8} 00:00:00 {command.split()[0]}\n"
                )
        return 0

    def _c_stty(self, args: list[str], io: _Io) -> int:
        if not self.tty:
            io.err("stty: 'standard input': Inappropriate ioctl for device\n")
            return 1
        cols, rows = self.size
        if "size" in args:
            io.out(f"{rows} {cols}\n")
        elif "-a" in args or "--all" in args:
            io.out(f"speed 38400 baud; rows {rows}; columns {cols}; line = 0;\n")
        return 0

    def _c_tty(self, args: list[str], io: _Io) -> int:
        if self.tty:
            io.out("/dev/pts/0\n")
            return 0
        io.out("not a tty\n")
        return 1

    def _c_clear(self, args: list[str], io: _Io) -> int:
        io.out("\x1b[H\x1b[2J\x1b[3J")
        return 0

    def _c_sleep(self, args: list[str], io: _Io) -> int:
        if not args:
            io.err("sleep: missing operand\n")
            return 1
        total = 0.0
        for arg in args:
            match = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", arg)
            if not match:
                io.err(f"sleep: invalid time interval '{arg}'\n")
                return 1
            total += (
                float(match.group(1))
                * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
            )
        io.sleep(min(total, MAX_SLEEP))
        return 0

    def _c_kill(self, args: list[str], io: _Io) -> int:
        pids = [a for a in args if not a.startswith("-")]
        if not pids:
            io.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid\n")
            return 2
        for pid in pids:
            self._err(io, f"kill: ({pid}) - Operation not permitted")
        return 1

    # -- files
    def _path(self, arg: str) -> str:
        return self.fs.resolve(self.cwd, arg)

    def _file_error(self, io: _Io, command: str, arg: str, exc: FileError, verb: str = "") -> None:
        if self.ctx.image.os in ("alpine", "busybox"):
            what = f"can't open '{arg}'" if verb == "open" else arg
            io.err(f"{command}: {what}: {_msg(exc)}\n")
        else:
            what = f"cannot access '{arg}'" if verb == "access" else arg
            io.err(f"{command}: {what}: {_msg(exc)}\n")

    def _read_inputs(self, command: str, files: list[str], io: _Io) -> tuple[list[str], int]:
        if not files:
            return [io.stdin], 0
        texts, code = [], 0
        for arg in files:
            if arg == "-":
                texts.append(io.stdin)
                continue
            try:
                texts.append(self.fs.read(self._path(arg)))
            except FileError as exc:
                self._file_error(io, command, arg, exc, "open")
                code = 1
        return texts, code

    def _c_cat(self, args: list[str], io: _Io) -> int:
        files = [a for a in args if not (a.startswith("-") and a != "-")]
        texts, code = self._read_inputs("cat", files, io)
        number = "-n" in args
        for text in texts:
            if number:
                lines = text.splitlines(keepends=True)
                text = "".join(f"{i:6d}\t{line}" for i, line in enumerate(lines, 1))
            io.out(text)
        return code

    def _c_ls(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
        paths = [a for a in args if not a.startswith("-") or a == "-"] or ["."]
        long, every, single, human = "l" in flags, "a" in flags, "1" in flags, "h" in flags
        almost = "A" in flags
        code = 0
        files: list[tuple[str, str]] = []
        dirs: list[tuple[str, str]] = []
        for arg in paths:
            path = self._path(arg)
            if not self.fs.exists(path):
                if self.ctx.image.os in ("alpine", "busybox"):
                    io.err(f"ls: {arg}: No such file or directory\n")
                    code = 1
                else:
                    io.err(f"ls: cannot access '{arg}': No such file or directory\n")
                    code = 2
                continue
            (dirs if self.fs.is_dir(path) and "d" not in flags else files).append((arg, path))
        blocks: list[str] = []
        if files:
            blocks.append(self._ls_entries([(a, p) for a, p in files], long, human, single))
        for arg, path in dirs:
            names = self.fs.list(path)
            if every:
                names = [".", "..", *names]
            elif not almost:
                names = [n for n in names if not n.startswith(".")]
            entries = [(n, self.fs.resolve(path, n)) for n in names]
            body = self._ls_entries(entries, long, human, single, total=long)
            if len(paths) > 1:
                body = f"{arg}:\n{body}"
            blocks.append(body)
        io.out("\n".join(blocks))
        return code

    def _ls_entries(
        self,
        entries: list[tuple[str, str]],
        long: bool,
        human: bool,
        single: bool,
        total: bool = False,
    ) -> str:
        if not entries:
            return "total 0\n" if total else ""
        if long:
            lines = (
                [f"total {sum(max(4, self.fs.size(p) // 1024) for _, p in entries)}"]
                if total
                else []
            )
            when = self.ctx.started_ns / 1e9 if self.ctx.started_ns else self.clock()
            t = time.gmtime(when)
            stamp = f"{_MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}"
            for name, path in entries:
                size = self.fs.size(path)
                shown = _human(size, "") if human else str(size)
                lines.append(
                    f"{self._mode(path)} {2 if self.fs.is_dir(path) else 1:>2} root root "
                    f"{shown:>6} {stamp} {name}"
                )
            return "\n".join(lines) + "\n"
        names = [name for name, _ in entries]
        if single or not self.terminal_out:
            return "\n".join(names) + "\n"
        width = max(len(n) for n in names) + 2
        per_row = max(1, self.size[0] // width)
        rows = [names[i : i + per_row] for i in range(0, len(names), per_row)]
        return "\n".join("".join(n.ljust(width) for n in row).rstrip() for row in rows) + "\n"

    def _mode(self, path: str) -> str:
        if self.fs.is_dir(path):
            return "drwxrwxrwt" if path in ("/tmp", "/var/tmp") else "drwxr-xr-x"
        if self.fs.is_executable(path):
            return "-rwxr-xr-x"
        if path.startswith("/dev/"):
            return "crw-rw-rw-"
        return "-rw-r--r--"

    def _c_head(self, args: list[str], io: _Io) -> int:
        return self._head_tail(args, io, head=True)

    def _c_tail(self, args: list[str], io: _Io) -> int:
        return self._head_tail(args, io, head=False)

    def _head_tail(self, args: list[str], io: _Io, head: bool) -> int:
        count, files, i = 10, [], 0
        while i < len(args):
            arg = args[i]
            if arg == "-n" and i + 1 < len(args):
                count = _int(args[i + 1].lstrip("+"), 10)
                i += 2
                continue
            if re.fullmatch(r"-n?\d+", arg):
                count = int(arg.lstrip("-n"))
            elif arg in ("-f", "-F", "--follow"):
                pass  # no file grows in the simulated container
            elif not arg.startswith("-") or arg == "-":
                files.append(arg)
            i += 1
        texts, code = self._read_inputs("head" if head else "tail", files, io)
        for index, text in enumerate(texts):
            if len(files) > 1:
                io.out(("\n" if index else "") + f"==> {files[index]} <==\n")
            lines = text.splitlines(keepends=True)
            chosen = lines[:count] if head else (lines[-count:] if count else [])
            io.out("".join(chosen))
        return code

    def _c_wc(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        files = [a for a in args if not a.startswith("-")]
        texts, code = self._read_inputs("wc", files, io)
        for index, text in enumerate(texts):
            counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
            chosen = [c for c in "lwc" if c in flags] or ["l", "w", "c"]
            cells = [str(counts[c]) for c in chosen]
            line = " ".join(cells) if len(cells) == 1 else " ".join(f"{c:>7}" for c in cells)
            if files:
                line += f" {files[index]}"
            io.out(line + "\n")
        return code

    def _c_grep(self, args: list[str], io: _Io) -> int:
        flags, rest = "", list[str]()
        for arg in args:
            if arg.startswith("-") and len(arg) > 1 and not rest:
                flags += arg[1:]
            else:
                rest.append(arg)
        if not rest:
            io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
            return 2
        pattern, files = rest[0], rest[1:]
        try:
            regex = re.compile(
                re.escape(pattern) if "F" in flags else _basic_regex(pattern, "E" in flags),
                re.IGNORECASE if "i" in flags else 0,
            )
        except re.error:
            regex = re.compile(re.escape(pattern), re.IGNORECASE if "i" in flags else 0)
        texts, code = self._read_inputs("grep", files, io)
        matched = 0
        for index, text in enumerate(texts):
            for number, line in enumerate(text.splitlines(), 1):
                if bool(regex.search(line)) != ("v" in flags):
                    matched += 1
                    if "q" in flags or "c" in flags:
                        continue
                    prefix = f"{files[index]}:" if len(files) > 1 else ""
                    prefix += f"{number}:" if "n" in flags else ""
                    io.out(f"{prefix}{line}\n")
        if "c" in flags:
            io.out(f"{matched}\n")
        if code:
            return 2
        return 0 if matched else 1

    def _c_sort(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        texts, code = self._read_inputs("sort", [a for a in args if not a.startswith("-")], io)
        lines = "".join(texts).splitlines()
        if "n" in flags:
            lines.sort(key=lambda s: _float_prefix(s), reverse="r" in flags)
        else:
            lines.sort(reverse="r" in flags)
        if "u" in flags:
            lines = list(dict.fromkeys(lines))
        io.out("".join(line + "\n" for line in lines))
        return code

    def _c_uniq(self, args: list[str], io: _Io) -> int:
        texts, code = self._read_inputs("uniq", [a for a in args if not a.startswith("-")], io)
        out: list[str] = []
        for line in "".join(texts).splitlines():
            if not out or out[-1] != line:
                out.append(line)
        io.out("".join(line + "\n" for line in out))
        return code

    def _c_touch(self, args: list[str], io: _Io) -> int:
        code = 0
        for arg in [a for a in args if not a.startswith("-")]:
            path = self._path(arg)
            if self.fs.exists(path):
                continue
            try:
                self.fs.write(path, "")
            except FileError as exc:
                io.err(f"touch: cannot touch '{arg}': {_msg(exc)}\n")
                code = 1
        return code

    def _c_mkdir(self, args: list[str], io: _Io) -> int:
        parents = any(a.startswith("-") and "p" in a for a in args)
        code = 0
        for arg in [a for a in args if not a.startswith("-")]:
            try:
                self.fs.mkdir(self._path(arg), parents)
            except FileError as exc:
                io.err(f"mkdir: cannot create directory '{arg}': {_msg(exc)}\n")
                code = 1
        return code

    def _c_rm(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        code = 0
        for arg in [a for a in args if not a.startswith("-")]:
            try:
                self.fs.remove(self._path(arg), recursive="r" in flags or "R" in flags)
            except FileError as exc:
                if exc.code == "ENOENT" and "f" in flags:
                    continue
                why = "Is a directory" if exc.code == "EISDIR" else _msg(exc)
                io.err(f"rm: cannot remove '{arg}': {why}\n")
                code = 1
        return code

    # -- what some images carry
    def _c_nginx(self, args: list[str], io: _Io) -> int:
        version = self.ctx.image.version
        if "-v" in args or "-V" in args:
            io.err(f"nginx version: nginx/{version}\n")
            if "-V" in args:
                io.err(
                    "built by gcc 12.2.0 (Debian 12.2.0-14)\nbuilt with OpenSSL 3.0.11 19 Sep "
                    "2023\nTLS SNI support enabled\n"
                )
            return 0
        if "-t" in args or "-T" in args:
            io.err(
                "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
            )
            if "-T" in args:
                io.out(
                    "# configuration file /etc/nginx/nginx.conf:\n"
                    + self.fs.files.get("/etc/nginx/nginx.conf", "")
                )
            return 0
        if "-s" in args:
            return 0
        io.err("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n")
        return 1

    def _c_curl(self, args: list[str], io: _Io) -> int:
        urls, output, i = [], None, 0
        while i < len(args):
            arg = args[i]
            if arg in ("-o", "--output"):
                output = args[i + 1] if i + 1 < len(args) else None
                i += 2
                continue
            if arg in ("-H", "-X", "-d", "-u", "-w", "-m", "--data", "--header", "--request"):
                i += 2
                continue
            if not arg.startswith("-"):
                urls.append(arg)
            i += 1
        if not urls:
            io.err("curl: no URL specified!\ncurl: try 'curl --help' for more information\n")
            return 2
        status, body = self._http(urls[0])
        if status is None:
            host = _host_of(urls[0])
            io.err(
                f"curl: (7) Failed to connect to {host[0]} port {host[1]} after 0 ms: "
                "Couldn't connect to server\n"
            )
            return 7
        if "-I" in args or "--head" in args:
            io.out(
                f"HTTP/1.1 {status} OK\r\nServer: nginx/{self.ctx.image.version}\r\n"
                f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            return 0
        if output:
            try:
                self.fs.write(self._path(output), body)
            except FileError as exc:
                io.err(f"curl: (23) Failure writing output to destination: {_msg(exc)}\n")
                return 23
            return 0
        io.out(body)
        return 22 if status >= 400 and ("-f" in args or "--fail" in args) else 0

    def _c_wget(self, args: list[str], io: _Io) -> int:
        urls = [a for a in args if not a.startswith("-")]
        if not urls:
            io.err(
                "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\n"
                "Usage: wget [-cqS] [-O FILE] URL...\n"
            )
            return 1
        status, body = self._http(urls[-1])
        host = _host_of(urls[-1])
        if status is None:
            io.err(f"wget: can't connect to remote host ({host[0]}): Connection refused\n")
            return 1
        to_stdout = any(a in ("-O-", "-qO-", "-O", "-qO") for a in args)
        if status >= 400:
            io.err(f"wget: server returned error: HTTP/1.1 {status} Not Found\n")
            return 1
        if to_stdout:
            io.out(body)
        else:
            try:
                self.fs.write(self._path("index.html"), body)
            except FileError as exc:
                io.err(f"wget: can't open 'index.html': {_msg(exc)}\n")
                return 1
            if "-q" not in "".join(args):
                io.err(
                    f"Connecting to {host[0]}:{host[1]} ({host[0]}:{host[1]})\n"
                    f"saving to 'index.html'\nindex.html           100% |****| {len(body)} "
                    "0:00:00 ETA\n'index.html' saved\n"
                )
        return 0

    def _http(self, url: str) -> tuple[int | None, str]:
        """What a request to this container answers (nothing else is reachable from it)."""
        host, port, path = _host_of(url)
        local = host in ("localhost", "127.0.0.1", "::1", self.ctx.pod, self.ctx.pod_ip)
        family = self.ctx.image.family
        if not local:
            return None, ""
        if family == "nginx" and port == 80:
            file = self.fs.resolve("/usr/share/nginx/html", path.lstrip("/") or "index.html")
            if self.fs.is_dir(file):
                file = posixpath.join(file, "index.html")
            if self.fs.is_file(file):
                return 200, self.fs.files[file]
            return 404, (
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/"
                f"{self.ctx.image.version}</center>\r\n</body>\r\n</html>\r\n"
            )
        if family == "app" and port == 8080:
            if path in ("/healthz", "/readyz", "/livez"):
                return 200, '{"status":"ok"}\n'
            return 404, '{"error":"not found"}\n'
        return None, ""

    def _c_redis_cli(self, args: list[str], io: _Io) -> int:
        words = [a for a in args if not a.startswith("-")]
        flagged = {args[i] for i in range(len(args)) if args[i].startswith("-")}
        if flagged & {"-h", "-p"}:
            words = words[1:] if "-h" in flagged else words
            words = words[1:] if "-p" in flagged else words
        command = [w.lower() for w in words]
        if not command:
            io.out("127.0.0.1:6379> \n")
            return 0
        answers = {
            "ping": "PONG",
            "dbsize": "(integer) 1843",
            "info": f"# Server\nredis_version:"
            f"{self.ctx.image.version}\nredis_mode:standalone\nos:Linux {_KERNEL} x86_64\n"
            "tcp_port:6379\n",
            "time": '1) "1764151201"\n2) "123456"',
        }
        if command[0] in answers:
            io.out(answers[command[0]] + "\n")
        elif command[0] == "get":
            io.out("(nil)\n")
        elif command[0] == "set":
            io.out("OK\n")
        else:
            io.out(f"(error) ERR unknown command '{words[0]}', with args beginning with: \n")
        return 0

    def _c_redis_server(self, args: list[str], io: _Io) -> int:
        if "-v" in args or "--version" in args:
            io.out(
                f"Redis server v={self.ctx.image.version} sha=00000000:0 malloc=jemalloc-5.3.0 "
                "bits=64 build=0000000000000000\n"
            )
            return 0
        io.out(
            "# Could not create server TCP listening socket *:6379: bind: Address already in use\n"
        )
        return 1

    def _c_psql(self, args: list[str], io: _Io) -> int:
        version = self.ctx.image.version
        if "--version" in args or "-V" in args:
            io.out(f"psql (PostgreSQL) {version} (Debian {version}-1.pgdg120+2)\n")
            return 0
        if "-c" in args:
            io.out(" ?column? \n----------\n        1\n(1 row)\n\n")
            return 0
        io.err(
            'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
            'failed: FATAL:  role "root" does not exist\n'
        )
        return 2

    def _c_pg_isready(self, args: list[str], io: _Io) -> int:
        io.out("/var/run/postgresql:5432 - accepting connections\n")
        return 0

    def _c_postgres(self, args: list[str], io: _Io) -> int:
        if "--version" in args or "-V" in args:
            io.out(
                f"postgres (PostgreSQL) {self.ctx.image.version} (Debian "
                f"{self.ctx.image.version}-1.pgdg120+2)\n"
            )
            return 0
        io.err('"root" execution of the PostgreSQL server is not permitted.\n')
        return 1

    def _c_mysql(self, args: list[str], io: _Io) -> int:
        if "--version" in args or "-V" in args:
            io.out(
                f"mysql  Ver {self.ctx.image.version} for Linux on x86_64 (MySQL Community "
                "Server - GPL)\n"
            )
            return 0
        io.err(
            "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: NO)\n"
        )
        return 1

    def _c_mysqladmin(self, args: list[str], io: _Io) -> int:
        if "ping" in args:
            io.out("mysqld is alive\n")
            return 0
        return self._c_mysql(args, io)

    def _c_mysqld(self, args: list[str], io: _Io) -> int:
        return self._c_mysql(args, io)


class _Usage(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _msg(exc: FileError) -> str:
    return MESSAGES.get(exc.code, exc.code)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _float_prefix(text: str) -> float:
    match = re.match(r"\s*(-?\d+(?:\.\d*)?)", text)
    return float(match.group(1)) if match else 0.0


def _human(n: int, suffix: str) -> str:
    value = float(n)
    for unit in ("", "K", "M", "G", "T"):
        if value < 1024 or unit == "T":
            if not unit:
                return f"{int(value)}"
            return f"{value:.1f}{unit}{suffix}" if value < 10 else f"{value:.0f}{unit}{suffix}"
        value /= 1024
    return str(n)  # pragma: no cover


def _basic_regex(pattern: str, extended: bool) -> str:
    if extended:
        return pattern
    # Basic regular expressions: ( ) { } + ? | are literal unless escaped.
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "(){}+?|":
            out.append(pattern[i + 1])
            i += 2
            continue
        out.append("\\" + ch if ch in "(){}+?|" else ch)
        i += 1
    return "".join(out)


def _escapes(text: str) -> tuple[str, bool]:
    """echo -e / printf %b: interpret backslash escapes; True when \\c stops the output."""
    out: list[str] = []
    i = 0
    table = {
        "n": "\n",
        "t": "\t",
        "r": "\r",
        "a": "\a",
        "b": "\b",
        "f": "\f",
        "v": "\v",
        "\\": "\\",
        "e": "\x1b",
    }
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "c":
                return "".join(out), True
            if nxt in table:
                out.append(table[nxt])
                i += 2
                continue
            if nxt == "0":
                digits = re.match(r"[0-7]{0,3}", text[i + 2 :])
                code = digits.group(0) if digits else ""
                out.append(chr(int(code or "0", 8)))
                i += 2 + len(code)
                continue
        out.append(ch)
        i += 1
    return "".join(out), False


_SPEC = re.compile(r"%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdiouxXcbfeEgG%])")


def _printf(fmt: str, args: list[str]) -> tuple[str, int]:
    out: list[str] = []
    code = 0
    remaining = list(args)
    while True:
        consumed = False

        def convert(match: re.Match[str]) -> str:
            nonlocal consumed, code
            flags, width, precision, conv = match.groups()
            if conv == "%":
                return "%"
            consumed = True
            arg = remaining.pop(0) if remaining else ""
            spec = f"%{flags}{width}{'.' + precision if precision else ''}"
            if conv in "diouxXc":
                if conv == "c":
                    return (spec + "s") % (arg[:1])
                try:
                    number = int(arg or "0", 0) if not arg.startswith("'") else ord(arg[1:2] or " ")
                except ValueError:
                    code = 1
                    number = 0
                return (spec + ("d" if conv in "iu" else conv)) % number
            if conv in "feEgG":
                try:
                    return (spec + conv) % float(arg or "0")
                except ValueError:
                    code = 1
                    return (spec + conv) % 0.0
            if conv == "b":
                return (spec + "s") % _escapes(arg)[0]
            return (spec + "s") % arg

        text, _ = _escapes(_SPEC.sub(convert, fmt))
        out.append(text)
        if not remaining or not consumed:
            break
    return "".join(out), code


def _test(args: list[str], shell: Shell) -> bool:
    if not args:
        return False
    if args[0] == "!":
        return not _test(args[1:], shell)
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, operand = args
        path = shell.fs.resolve(shell.cwd, operand) if operand else ""
        checks: dict[str, Callable[[], bool]] = {
            "-n": lambda: operand != "",
            "-z": lambda: operand == "",
            "-e": lambda: shell.fs.exists(path),
            "-f": lambda: shell.fs.is_file(path),
            "-d": lambda: shell.fs.is_dir(path),
            "-r": lambda: shell.fs.exists(path),
            "-w": lambda: shell.fs.exists(path) and shell.fs.writable(path),
            "-x": lambda: shell.fs.is_dir(path) or shell.fs.is_executable(path),
            "-s": lambda: shell.fs.size(path) > 0 if shell.fs.exists(path) else False,
            "-L": lambda: False,
            "-h": lambda: False,
        }
        if op not in checks:
            raise _Usage(f"{op}: unary operator expected")
        return checks[op]()
    if len(args) == 3:
        left, op, right = args
        if op in ("=", "=="):
            return left == right
        if op == "!=":
            return left != right
        numeric = {
            "-eq": int.__eq__,
            "-ne": int.__ne__,
            "-lt": int.__lt__,
            "-le": int.__le__,
            "-gt": int.__gt__,
            "-ge": int.__ge__,
        }
        if op in numeric:
            try:
                return bool(numeric[op](int(left), int(right)))
            except ValueError as exc:
                raise _Usage(f"{left}: integer expression expected") from exc
        raise _Usage(f"{op}: binary operator expected")
    if "-a" in args:
        i = args.index("-a")
        return _test(args[:i], shell) and _test(args[i + 1 :], shell)
    if "-o" in args:
        i = args.index("-o")
        return _test(args[:i], shell) or _test(args[i + 1 :], shell)
    raise _Usage("too many arguments")


def _host_of(url: str) -> tuple[str, int, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    scheme_port = 443 if url.startswith("https://") else 80
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    return host or hostport, _int(port, scheme_port) if port else scheme_port, "/" + path


_STDIN_READERS = {"cat", "head", "tail", "wc", "grep", "sort", "uniq"}


def _reads_stdin(argv: list[str]) -> bool:
    """A command that reads stdin when it is given no file operands."""
    if not argv:
        return False
    name = posixpath.basename(argv[0])
    if name in SHELLS:
        return "-c" not in argv
    if name not in _STDIN_READERS:
        return False
    operands: list[str] = []
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
            continue
        if arg in ("-n", "-c", "-e", "-f"):
            skip = True
            continue
        if arg.startswith("-") and arg != "-":
            continue
        operands.append(arg)
    if name == "grep":
        operands = operands[1:]
    return not operands or "-" in operands
