"""Running what was typed: a script's lists (`;`, `&&`, `||`), its pipelines, and each command
with its variable assignments and redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `>&2`, `&>`)."""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from kubesim.shell.command_sets import _UNSUPPORTED_SYNTAX
from kubesim.shell.expansion import ShellExpansion
from kubesim.shell.helpers import _msg
from kubesim.shell.parser import (
    Command,
    Pipeline,
    Redirect,
    ShellSyntaxError,
    parse,
    tokenize,
)
from kubesim.shell.results import Output, _Io
from kubesim.shellfs import FileError


class ShellScripts(ShellExpansion):
    """The script-running half of a shell; ShellCore (its subclass) resolves and runs commands."""

    if TYPE_CHECKING:
        # Provided by ShellCore: how this shell names itself in errors, and running one command.
        def error_prefix(self) -> str: ...

        def _invoke(self, argv: list[str], io: _Io, top: bool = False) -> int: ...

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
