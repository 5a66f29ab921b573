"""Which kubectl command lines the console runs: built-in commands only, on kubedeck's target.

kubectl parses flags with pflag: `--flag value`, `--flag=value`, `-f value`, `-fvalue`,
`-f=value`, shorthand clusters (`-it`), and `_` read as `-` in long names. A refused flag is
refused in each of these forms. Arguments after `--` are never parsed as flags by kubectl (they
are the remote command of `exec`), so they are not checked either.

Refused, with the reason given in the 400:
* flags that change the target cluster or the identity (we add `--kubeconfig` ourselves);
* flags that read or write files on the kubedeck server (`-f`, `--from-file`, `-k`, ...),
  which would leak the server's files into a cluster or the reply;
* commands outside the built-in allowlist: an unknown first word would make kubectl run a
  `kubectl-<word>` plugin binary; `proxy`, `port-forward`, `config`, `cp`, `debug`, `edit`,
  `attach`, `plugin`, `kustomize`, `diff` and interactive `exec -it` / `run -it` escape the
  request/response model or the sandbox.
"""

from __future__ import annotations

from app.core import errors

ALLOWED_COMMANDS = frozenset(
    {
        "annotate",
        "api-resources",
        "api-versions",
        "apply",
        "auth",
        "autoscale",
        "certificate",
        "cluster-info",
        "completion",
        "cordon",
        "create",
        "delete",
        "describe",
        "drain",
        "events",
        "exec",
        "explain",
        "expose",
        "get",
        "help",
        "label",
        "logs",
        "options",
        "patch",
        "replace",
        "rollout",
        "run",
        "scale",
        "set",
        "taint",
        "top",
        "uncordon",
        "version",
        "wait",
    }
)
REFUSED_COMMANDS = {
    "plugin": "plugins run arbitrary binaries on the kubedeck server",
    "proxy": "it serves a local port on the kubedeck server",
    "port-forward": "it serves a local port on the kubedeck server",
    "attach": "it is interactive; use the exec WebSocket",
    "config": "kubedeck chooses the cluster and the credentials",
    "cp": "it reads and writes files on the kubedeck server",
    "debug": "it is interactive; use the exec WebSocket",
    "edit": "it opens an editor; use GET ...?format=yaml and POST /api/v1/apply",
    "kustomize": "it reads directories on the kubedeck server",
    "diff": "it reads files and runs a diff program on the kubedeck server; use POST "
    "/api/v1/apply with dry_run",
    "alpha": "alpha commands are not offered",
}
# Flags that change where kubectl connects or who it is (kubedeck passes --kubeconfig).
TARGET_FLAGS = frozenset(
    {
        "kubeconfig",
        "server",
        "token",
        "context",
        "cluster",
        "user",
        "as",
        "as-group",
        "as-uid",
        "as-user-extra",
        "certificate-authority",
        "client-certificate",
        "client-key",
        "insecure-skip-tls-verify",
        "username",
        "password",
        "tls-server-name",
        "cache-dir",
        "kuberc",
    }
)
# Flags that read or write files on the kubedeck server.
FILE_FLAGS = frozenset(
    {
        "filename",
        "kustomize",
        "from-file",
        "from-env-file",
        "env-file",
        "patch-file",
        "output-directory",
        "profile",
        "profile-output",
        "log-file",
        "log-dir",
        "cert",
        "key",
        "edit",
        "recursive",
    }
)
INTERACTIVE_FLAGS = frozenset({"stdin", "tty", "attach"})
SHORT = {
    "s": "server",
    "f": "filename",
    "k": "kustomize",
    "i": "stdin",
    "t": "tty",
    "R": "recursive",
}
# Shorthands that take a value in every kubectl command: the rest of a cluster is that value
# (`-p` too, except in `logs`, where it is --previous). Unknown shorthands are read as flags,
# so a doubt refuses rather than lets through.
_SHORT_WITH_VALUE = frozenset("nolcLv")
# Root flags that may come before the command, and whether they take a value.
_PRE_COMMAND = {
    "namespace": True,
    "request-timeout": True,
    "v": True,
    "vmodule": True,
    "log-flush-frequency": True,
    "match-server-version": False,
    "warnings-as-errors": False,
    "disable-compression": False,
    "help": False,
}


def _refuse(arg: str, name: str, command: str | None) -> None:
    if name in TARGET_FLAGS:
        raise errors.BadRequest(
            f"flag {arg!r} is not allowed: --{name} changes the cluster or "
            "the identity kubectl uses; choose the cluster with cluster_id",
            extra={"flag": f"--{name}"},
        )
    if name in FILE_FLAGS and not (name == "filename" and command == "logs"):
        hint = " (send YAML to POST /api/v1/apply)" if name in ("filename", "kustomize") else ""
        raise errors.BadRequest(
            f"flag {arg!r} is not allowed: --{name} reads or writes files "
            f"on the kubedeck server{hint}",
            extra={"flag": f"--{name}"},
        )
    if name in INTERACTIVE_FLAGS and command in ("exec", "run"):
        raise errors.BadRequest(
            f"flag {arg!r} is not allowed: interactive sessions go through "
            "the exec WebSocket (/api/v1/namespaces/{ns}/pods/{name}/exec)",
            extra={"flag": f"--{name}"},
        )


def _check_output(arg: str, value: str | None) -> None:
    # `-o go-template-file=PATH` and `-o jsonpath-file=PATH` read a template from our disk.
    if value is not None and "-file" in value:
        raise errors.BadRequest(
            f"output format {value!r} is not allowed: it reads a file on the kubedeck server",
            extra={"flag": "--output"},
        )


def _check_flag(args: list[str], position: int, command: str | None) -> None:
    arg = args[position]
    following = args[position + 1] if position + 1 < len(args) else None
    if arg.startswith("--"):
        name, eq, value = arg[2:].partition("=")
        name = name.replace("_", "-")  # kubectl's WordSepNormalizeFunc
        _refuse(arg, name, command)
        if name == "output":
            _check_output(arg, value if eq else following)
        return
    body = arg[1:]
    # `-kubeconfig=x` is not how pflag reads it, but nobody means anything else by it.
    long_name = body.partition("=")[0].replace("_", "-")
    if long_name in TARGET_FLAGS or long_name in FILE_FLAGS - {"key", "cert", "edit"}:
        _refuse(arg, long_name, command)
    for index, char in enumerate(body):
        if char == "=":
            return
        if command == "logs" and char == "f":
            continue  # `logs -f` is --follow
        if char in SHORT:
            _refuse(arg, SHORT[char], command)
        if char in _SHORT_WITH_VALUE or (char == "p" and command != "logs"):
            rest = body[index + 1 :].removeprefix("=")
            if char == "o":
                _check_output(arg, rest or following)
            return


def _split_command(args: list[str]) -> tuple[str | None, int]:
    """The command word kubectl will run and its position; only a few root flags may precede
    it, so the word we check is the word kubectl (and its plugin lookup) sees."""
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            return None, position
        if not arg.startswith("-") or arg == "-":
            return arg, position
        name, eq, _ = arg.lstrip("-").partition("=")
        if not arg.startswith("--") and arg[1] in "nv":
            # -n NS, -nNS, -n=NS (and -v the same way)
            name, eq = ("namespace" if arg[1] == "n" else "v"), ("=" if len(arg) > 2 else "")
        if name not in _PRE_COMMAND:
            _refuse(arg, name.replace("_", "-"), None)  # the precise reason, when there is one
            raise errors.BadRequest(
                f"flag {arg!r} must come after the command (only "
                "-n/--namespace, --request-timeout and -v may precede it)"
            )
        position += 2 if _PRE_COMMAND[name] and not eq else 1
    return None, position


def check(args: list[str]) -> str:
    """The command word when `args` may run; a 400 naming the problem otherwise."""
    command, position = _split_command(args)
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("-") and arg != "-":
            _check_flag(args, index, command)
    if command is None:
        raise errors.BadRequest('no kubectl command given (e.g. ["get", "pods"])')
    if command in REFUSED_COMMANDS:
        raise errors.BadRequest(
            f"kubectl {command} is not allowed: {REFUSED_COMMANDS[command]}",
            extra={"command": command},
        )
    if command not in ALLOWED_COMMANDS:
        raise errors.BadRequest(
            f"kubectl {command!r} is not an allowed built-in command (plugins "
            f"are not run); allowed: {', '.join(sorted(ALLOWED_COMMANDS))}",
            extra={"command": command},
        )
    rest = [a for a in args[position + 1 :] if not a.startswith("-")]
    if command == "apply" and rest[:1] == ["edit-last-applied"]:
        raise errors.BadRequest(
            "kubectl apply edit-last-applied is not allowed: it opens an editor",
            extra={"command": command},
        )
    return command
