"""Word expansion: `$VAR`, `${VAR:-x}`, `$?`, `$(cmd)`, `~` and `*` globs."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import TYPE_CHECKING, Self

from kubesim.shell.parser import Word, _capture
from kubesim.shell.results import Output, _Io
from kubesim.shellfs import ContainerContext, FileError, FileSystem


class ShellExpansion:
    """The expansion half of a shell; ShellCore (its subclass) sets the state and runs scripts."""

    ctx: ContainerContext
    name: str
    fs: FileSystem
    cwd: str
    vars: dict[str, str]
    exported: set[str]
    status: int
    exited: bool
    interactive: bool
    stdout_tty: bool
    terminal_out: bool
    history: list[str]
    levels: list[tuple[str, str, dict[str, str], set[str]]]
    pid: int

    if TYPE_CHECKING:
        # Provided by ShellCore, which runs scripts; `$(...)` expansion calls it.
        def _script(self, text: str, io: _Io) -> int: ...

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

    def _child(self, name: str) -> Self:
        child = type(self).__new__(type(self))
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
