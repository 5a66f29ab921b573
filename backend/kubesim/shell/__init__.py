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

Layout: `parser` (syntax), `core` (state, prompt, dispatch), `scripts` (lists, pipelines,
redirections), `expansion` (words), `builtins_*` (the commands, by theme),
`results` (what a run produces), `helpers` (small shared functions).
"""

from __future__ import annotations

from kubesim.shell.builtins_files import FileCommands
from kubesim.shell.builtins_services import ServiceCommands
from kubesim.shell.builtins_shell import ShellBuiltins
from kubesim.shell.builtins_system import SystemCommands
from kubesim.shell.helpers import MAX_SLEEP
from kubesim.shell.parser import (
    Command,
    Part,
    Pipeline,
    Redirect,
    ShellSyntaxError,
    Token,
    Word,
    parse,
    tokenize,
)
from kubesim.shell.results import Event, Output, Result, Sleep

__all__ = [
    "MAX_SLEEP",
    "Command",
    "Event",
    "Output",
    "Part",
    "Pipeline",
    "Redirect",
    "Result",
    "Shell",
    "ShellSyntaxError",
    "Sleep",
    "Token",
    "Word",
    "parse",
    "tokenize",
]


class Shell(ShellBuiltins, SystemCommands, FileCommands, ServiceCommands):
    """One shell process (with its nested shells) inside a simulated container."""
