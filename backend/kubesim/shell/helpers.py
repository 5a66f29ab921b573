"""Helpers shared by the shell commands: usage errors, numbers, regexes, printf, test."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kubesim.images import SHELLS
from kubesim.shellfs import MESSAGES, FileError

if TYPE_CHECKING:
    from kubesim.shell.core import ShellCore


MAX_SLEEP = 3600.0
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KERNEL = "6.8.0-1019-aws"
_KERNEL_BUILD = "#21~22.04.1-Ubuntu SMP Thu Oct 23 10:08:51 UTC 2026"


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


def _test(args: list[str], shell: ShellCore) -> bool:
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
