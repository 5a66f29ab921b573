"""The shell machinery: state, prompt, entry points, finding and dispatching commands.

Running scripts, pipelines and redirects is ShellScripts' part (scripts.py), expanding words
ShellExpansion's (expansion.py)."""

from __future__ import annotations

import posixpath
import time
from collections.abc import Callable

from kubesim.images import SHELLS
from kubesim.shell.command_sets import _BUILTINS, _COMMON_COMMANDS, _FAMILY_COMMANDS
from kubesim.shell.helpers import _reads_stdin, _Usage
from kubesim.shell.parser import ShellSyntaxError, parse, tokenize
from kubesim.shell.results import Result, _Io
from kubesim.shell.scripts import ShellScripts
from kubesim.shellfs import ContainerContext, FileSystem


class ShellCore(ShellScripts):
    """One shell process (with its nested shells): the machinery, without the commands."""

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

    def _path(self, arg: str) -> str:
        return self.fs.resolve(self.cwd, arg)
