# ruff: noqa: S108  (paths inside the simulated container)
"""File and text commands: cat, ls, head, tail, wc, grep, sort, uniq, touch, mkdir, rm."""

from __future__ import annotations

import re
import time

from kubesim.shell.core import ShellCore
from kubesim.shell.helpers import (
    _MONTHS,
    _basic_regex,
    _float_prefix,
    _human,
    _int,
    _msg,
)
from kubesim.shell.results import _Io
from kubesim.shellfs import FileError


class FileCommands(ShellCore):
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
