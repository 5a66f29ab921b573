"""The simulated shell behind exec (pure): environment and variables, the container's files and
mounted volumes, system commands, pipes, redirects, globs and control flow, errors worded like a
real shell's, sleep and exit as events, stdin, prompts and nested shells, and ls on a terminal."""

from __future__ import annotations

import base64
from typing import Any

from kubesim.shell import Output, Shell, Sleep
from kubesim.shellfs import container_context

Obj = dict[str, Any]
CLOCK = 1_790_000_000.0  # Mon Sep 21 14:13:20 UTC 2026


def _pod(image: str = "nginx:1.27", **container: Any) -> Obj:
    return {
        "metadata": {"name": "web-0", "namespace": "shop", "uid": "u1", "labels": {"app": "web"}},
        "spec": {
            "nodeName": "node-1",
            "containers": [{"name": "main", "image": image, **container}],
            "volumes": [
                {"name": "cfg", "configMap": {"name": "settings"}},
                {"name": "creds", "secret": {"secretName": "db"}},
            ],
        },
        "status": {
            "podIP": "10.244.1.7",
            "containerStatuses": [
                {"name": "main", "state": {"running": {"startedAt": "2026-09-21T14:00:00Z"}}}
            ],
        },
    }


OBJECTS: dict[tuple[str, str, str], Obj] = {
    ("configmaps", "shop", "settings"): {"data": {"level": "debug", "app.yaml": "port: 8080\n"}},
    ("secrets", "shop", "db"): {"data": {"password": base64.b64encode(b"s3cret").decode()}},
}


def shell(
    image: str = "nginx:1.27", name: str = "sh", tty: bool = False, **container: Any
) -> Shell:
    pod = _pod(image, **container)
    ctx = container_context(pod, "main", lambda r, ns, n: OBJECTS.get((r, ns, n)))
    return Shell(ctx, name, clock=lambda: CLOCK, tty=tty)


def test_echo_env_and_variables() -> None:
    sh = shell(
        env=[
            {"name": "MODE", "value": "blue"},
            {"name": "URL", "value": "http://$(MODE).local"},
            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {
                "name": "LEVEL",
                "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "level"}},
            },
            {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        ]
    )
    assert sh.run("echo hello   world").stdout == "hello world\n"
    env = sh.run_argv(["env"]).stdout.splitlines()
    assert env[:2] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOSTNAME=web-0",
    ]
    for line in (
        "MODE=blue",
        "URL=http://blue.local",
        "POD=web-0",
        "LEVEL=debug",
        "PW=s3cret",
        "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443",
        "NGINX_VERSION=1.27.3",
        "HOME=/root",
    ):
        assert line in env
    assert sh.run("echo \"$MODE\" '$MODE' ${NOPE:-dflt} $NOPE.").stdout == "blue $MODE dflt .\n"
    assert sh.run("false; echo $?").stdout == "1\n"
    assert sh.run("export X=1; printenv X; env | grep -c '^X='").stdout == "1\n1\n"
    assert sh.run("echo $(hostname)-$(echo x)").stdout == "web-0-x\n"


def test_files_of_the_container() -> None:
    sh = shell()
    assert sh.run("hostname; pwd; cd /etc && pwd; cd; pwd").stdout == "web-0\n/\n/etc\n/root\n"
    assert sh.run("cat /etc/hostname").stdout == "web-0\n"
    resolv = sh.run("cat /etc/resolv.conf").stdout
    assert resolv.startswith("search shop.svc.cluster.local svc.cluster.local cluster.local\n")
    assert 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' in sh.run("cat /etc/os-release").stdout
    assert "Alpine Linux" in shell("redis:7-alpine").run("cat /etc/os-release").stdout
    listing = sh.run("ls /").stdout.split()
    assert {"bin", "etc", "usr", "var", "tmp", "proc"} <= set(listing)
    assert (
        "nginx" in sh.run("ls /var/log").stdout
        and "index.html" in sh.run("ls /usr/share/nginx/html").stdout
    )
    missing = sh.run("cat /etc/nope")
    assert (missing.code, missing.stderr) == (1, "cat: /etc/nope: No such file or directory\n")
    sa = "/var/run/secrets/kubernetes.io/serviceaccount"
    assert sh.run(f"cat {sa}/namespace").stdout == "shop"
    assert sh.run(f"ls {sa}").stdout.split() == ["ca.crt", "namespace", "token"]
    mounted = shell(
        volumeMounts=[
            {"name": "cfg", "mountPath": "/etc/app"},
            {"name": "creds", "mountPath": "/secrets"},
        ]
    )
    assert mounted.run("cat /etc/app/app.yaml /secrets/password").stdout == "port: 8080\ns3cret"
    denied = mounted.run("echo x > /etc/app/new")
    assert denied.code == 1 and "Read-only file system" in denied.stderr
    long = mounted.run("ls -l /etc/app").stdout.splitlines()
    assert (
        long[0].startswith("total")
        and long[1].startswith("-rw-r--r--")
        and long[1].endswith("app.yaml")
    )


def test_system_commands() -> None:
    sh = shell()
    assert sh.run("date").stdout == "Mon Sep 21 14:13:20 UTC 2026\n"
    assert sh.run("date +%Y-%m-%d").stdout == "2026-09-21\n"
    assert sh.run("whoami; id").stdout == "root\nuid=0(root) gid=0(root) groups=0(root)\n"
    assert sh.run("uname -a").stdout.startswith("Linux web-0 6.8.0-1019-aws #")
    assert sh.run("uname").stdout == "Linux\n"
    ps = sh.run("ps aux").stdout.splitlines()
    assert ps[0].startswith("USER") and "nginx: master process" in ps[1]
    assert any(line.endswith(" ps aux") for line in ps)
    nobody = shell(securityContext={"runAsUser": 1000})
    assert nobody.run("whoami").stderr == "whoami: cannot find name for user ID 1000\n"
    assert nobody.run("id -u").stdout == "1000\n"
    assert shell("busybox").run("ps").stdout.startswith("PID   USER     TIME  COMMAND\n")


def test_control_flow_pipes_redirects_and_globs() -> None:
    sh = shell()
    assert sh.run_argv(["sh", "-c", "echo a; exit 3; echo b"]).code == 3
    assert sh.run("true && echo yes || echo no; false && echo yes || echo no").stdout == "yes\nno\n"
    assert sh.run("env | grep -c KUBERNETES_PORT_443").stdout == "4\n"
    assert sh.run("printf 'b\\na\\n' | sort | head -n 1").stdout == "a\n"
    assert sh.run("echo hi > /tmp/f; echo there >> /tmp/f; cat /tmp/f | wc -l").stdout == "2\n"
    assert sh.run("cat < /tmp/f").stdout == "hi\nthere\n"
    both = sh.run("ls /nope 2>&1")
    assert both.stderr == "" and "No such file or directory" in both.stdout
    assert sh.run("ls /nope 2>/dev/null").stderr == ""
    assert sh.run("echo oops >&2").stderr == "oops\n"
    assert sh.run("ls /etc/*.conf").stdout == "/etc/resolv.conf\n"
    assert sh.run("[ -f /etc/hostname ] && [ ! -d /etc/hostname ] && echo file").stdout == "file\n"
    assert sh.run("test 3 -gt 2 && echo bigger").stdout == "bigger\n"


def test_errors_look_like_a_real_shell() -> None:
    sh = shell()
    unknown = sh.run("kubectl get pods")
    assert (unknown.code, unknown.stderr) == (127, "sh: kubectl: not found\n")
    bash = shell(name="bash").run("frobnicate")
    assert bash.stderr == "bash: frobnicate: command not found\n"
    syntax = sh.run("echo 'unterminated")
    assert syntax.code == 2 and "Unterminated quoted string" in syntax.stderr
    assert sh.run("echo a |").code == 2
    loop = sh.run("for i in 1 2; do echo $i; done")
    assert loop.code == 2 and "not supported" in loop.stderr and loop.stdout == ""
    cd = sh.run("cd /nope")
    assert cd.code == 2 and cd.stderr == "sh: cd: can't cd to /nope: No such file or directory\n"
    # No shell parses an exec request's command: a builtin or a missing binary fails to start.
    for argv in (["nosuch"], ["cd", "/"]):
        result = sh.run_argv(argv)
        assert result.code == 127 and "executable file not found in $PATH" in result.stderr
    distroless = shell("gcr.io/distroless/static:nonroot")
    assert distroless.run_argv(["sh"]).code == 127 and distroless.run_argv(["ls"]).code == 127


def test_sleep_and_exit_are_events_for_the_caller_to_play() -> None:
    sh = shell()
    result = sh.run("echo a; sleep 1.5; echo b")
    assert result.events == [Output(1, "a\n"), Sleep(1.5), Output(1, "b\n")]
    assert sh.run("sleep 2m").slept == 120.0
    assert sh.run("sleep x").code == 1
    done = sh.run("exit 4")
    assert done.code == 4 and sh.exited


def test_what_reads_stdin_and_what_is_interactive() -> None:
    sh = shell()
    assert sh.starts_interactive(["sh"]) and sh.starts_interactive(["/bin/bash", "-l"])
    assert not sh.starts_interactive(["sh", "-c", "echo"])
    assert not shell("busybox").starts_interactive(["bash"])  # busybox has no bash
    assert sh.wants_stdin(["cat"]) and sh.wants_stdin(["sh", "-c", "grep x | wc -l"])
    assert not sh.wants_stdin(["cat", "/etc/hostname"]) and not sh.wants_stdin(["echo", "x"])
    assert sh.run_argv(["wc", "-l"], stdin="a\nb\n").stdout == "2\n"


def test_prompts_and_nested_shells() -> None:
    assert shell(name="bash").prompt() == "root@web-0:/# "
    assert shell("alpine:3.20").prompt() == "/ # "
    assert shell().prompt() == "# "
    sh = shell(name="bash", tty=True)
    assert sh.run_argv(["bash", "-c", "exit 3"]).events == []  # says "exit" only interactively
    sh.interactive = True
    sh.run("cd /tmp")
    assert sh.prompt() == "root@web-0:/tmp# "
    assert sh.run("sh").code == 0 and sh.prompt() == "# "  # a shell inside the shell
    assert sh.run("exit").code == 0 and not sh.exited and sh.prompt() == "root@web-0:/tmp# "
    assert sh.run("exit 7").stdout == "exit\n" and sh.exited
    assert sh.run("stty size").stdout == "24 80\n"
    assert shell().run("stty size").code == 1  # no tty


def test_ls_uses_columns_only_on_a_terminal() -> None:
    sh = shell(tty=True)
    assert "hostname  " in sh.run("ls /etc").stdout  # columns
    assert sh.run("ls /etc | head -2").stdout == "debian_version\ngroup\n"
    assert sh.run("echo $(ls /etc | head -3)").stdout == "debian_version group hostname\n"
    assert sh.run('echo "$(ls /etc | head -2)"').stdout == "debian_version\ngroup\n"
    assert shell().run("ls /etc").stdout.count("\n") == len(shell().run("ls /etc").stdout.split())
