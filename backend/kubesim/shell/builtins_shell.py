"""Shell builtins: exit, cd, echo, printf, export, type, test and the environment commands."""

from __future__ import annotations

import re

from kubesim.shell.command_sets import _BUILTINS
from kubesim.shell.core import ShellCore
from kubesim.shell.helpers import (
    _escapes,
    _printf,
    _test,
    _Usage,
)
from kubesim.shell.results import _Io


class ShellBuiltins(ShellCore):
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
