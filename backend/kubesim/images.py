"""What kubesim pretends to know about a container image: what it logs, which OS it is built on,
which environment it sets and which process runs as PID 1.

Pure functions of the image reference (plus the container spec), shared by the log generator
(kubesim.loglines) and the simulated shell (kubesim.shell)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Obj = dict[str, Any]

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})


@dataclass(frozen=True)
class ImageInfo:
    reference: str
    name: str  # the last path element without tag or digest: "nginx", "postgres", "my-api"
    tag: str
    family: str  # nginx | postgres | redis | mysql | coredns | shell | app
    os: str  # debian | alpine | busybox | ubuntu | distroless
    version: str  # the software version the image is taken to carry

    @property
    def has_shell(self) -> bool:
        return self.os != "distroless"

    @property
    def has_bash(self) -> bool:
        return self.os in ("debian", "ubuntu")


_DEFAULT_VERSIONS = {
    "nginx": "1.27.3",
    "postgres": "16.4",
    "redis": "7.4.1",
    "mysql": "8.4.3",
    "coredns": "1.11.3",
    "app": "1.4.2",
    "shell": "",
}


def parse_image(reference: str) -> ImageInfo:
    ref = reference.strip() or "unknown"
    without_digest = ref.split("@", 1)[0]
    last = without_digest.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    tag = tag or "latest"
    lowered = ref.lower()
    family = _family(lowered, name.lower())
    os = _os(lowered, tag.lower(), name.lower())
    default = _DEFAULT_VERSIONS[family]
    version = _version(tag)
    if not version or (default + ".").startswith(version + "."):
        version = default or version  # nginx:1.27 carries 1.27.3, postgres:16 carries 16.4
    return ImageInfo(ref, name, tag, family, os, version)


def _family(lowered: str, name: str) -> str:
    if name == "coredns":
        return "coredns"
    for family, needles in (
        ("nginx", ("nginx", "openresty")),
        ("postgres", ("postgres", "postgis", "timescale")),
        ("redis", ("redis", "valkey", "keydb")),
        ("mysql", ("mysql", "mariadb", "percona")),
    ):
        if any(n in lowered for n in needles):
            return family
    if name in ("busybox", "alpine", "ubuntu", "debian", "bash", "centos", "fedora"):
        return "shell"
    return "app"


_DISTROLESS = frozenset({"pause", "scratch", "coredns", "metrics-server", "kube-state-metrics"})
_BUSYBOX = frozenset({"busybox", "prometheus", "node-exporter", "alertmanager", "pushgateway"})
_ALPINE = frozenset({"controller", "grafana"})  # ingress-nginx's controller, grafana/grafana


def _os(lowered: str, tag: str, name: str) -> str:
    if "distroless" in lowered or name in _DISTROLESS:
        return "distroless"
    if name in _BUSYBOX:
        return "busybox"
    if name in _ALPINE and "ubuntu" not in tag:
        return "alpine"
    if name == "ubuntu" or "ubuntu" in tag:
        return "ubuntu"
    if "alpine" in lowered:
        return "alpine"
    return "debian"


def _version(tag: str) -> str:
    head = tag.split("-", 1)[0].lstrip("v")
    parts = head.split(".")
    if not all(p.isdigit() for p in parts):
        return ""
    return ".".join(parts[:3])


def os_release(info: ImageInfo) -> str | None:
    """/etc/os-release of the image, None when the image has none (busybox, distroless)."""
    if info.os == "alpine":
        return (
            'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n'
            'PRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\n'
            'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n'
        )
    if info.os == "ubuntu":
        return (
            'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\n'
            'VERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\n'
            'ID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n'
        )
    if info.os == "debian":
        return (
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
            'VERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
            'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
            'BUG_REPORT_URL="https://bugs.debian.org/"\n'
        )
    return None


def image_env(info: ImageInfo) -> list[tuple[str, str]]:
    """The ENV lines of the image's Dockerfile (after PATH, which every image sets)."""
    env: list[tuple[str, str]] = []
    if info.family == "nginx":
        env += [
            ("NGINX_VERSION", info.version),
            ("NJS_VERSION", "0.8.7"),
            ("NJS_RELEASE", "1~bookworm"),
            ("PKG_RELEASE", "1~bookworm"),
            ("DYNPKG_RELEASE", "1~bookworm"),
        ]
    elif info.family == "postgres":
        major = info.version.split(".", 1)[0]
        env += [
            ("GOSU_VERSION", "1.17"),
            ("LANG", "en_US.utf8"),
            ("PG_MAJOR", major),
            ("PG_VERSION", f"{info.version}-1.pgdg120+2"),
            ("PGDATA", "/var/lib/postgresql/data"),
        ]
    elif info.family == "redis":
        env += [
            (
                "REDIS_DOWNLOAD_URL",
                f"http://download.redis.io/releases/redis-{info.version}.tar.gz",
            ),
            ("REDIS_VERSION", info.version),
        ]
    elif info.family == "mysql":
        env += [
            ("GOSU_VERSION", "1.17"),
            ("MYSQL_MAJOR", "innovation"),
            ("MYSQL_VERSION", f"{info.version}-1.el9"),
            ("MYSQL_SHELL_VERSION", "8.4.3-1.el9"),
        ]
    elif info.family == "app" and info.os != "distroless":
        env += [("LANG", "C.UTF-8"), ("APP_HOME", "/app")]
    return env


def main_process(info: ImageInfo, container: Obj) -> list[str]:
    """The command line of PID 1: the container's command and args, else the image default."""
    command = [str(c) for c in container.get("command") or []]
    args = [str(a) for a in container.get("args") or []]
    if command:
        return command + args
    default = {
        "nginx": ["nginx", "-g", "daemon off;"],
        "postgres": ["postgres"],
        "redis": ["redis-server", "*:6379"],
        "mysql": ["mysqld"],
        "coredns": ["/coredns", "-conf", "/etc/coredns/Corefile"],
        "shell": ["sh"] if info.os in ("busybox", "alpine") else ["bash"],
        "app": ["/app/server"],
    }[info.family]
    return default if not args else [default[0], *args]


def process_table(info: ImageInfo, container: Obj) -> list[tuple[int, str, str]]:
    """(pid, user, command) of the processes the container runs besides any exec session."""
    cmd = " ".join(main_process(info, container))
    if info.family == "nginx":
        return [
            (1, "root", "nginx: master process nginx -g daemon off;"),
            (29, "nginx", "nginx: worker process"),
            (30, "nginx", "nginx: worker process"),
        ]
    if info.family == "postgres":
        return [
            (1, "postgres", "postgres"),
            (27, "postgres", "postgres: checkpointer "),
            (28, "postgres", "postgres: background writer "),
            (30, "postgres", "postgres: walwriter "),
            (31, "postgres", "postgres: autovacuum launcher "),
            (32, "postgres", "postgres: logical replication launcher "),
        ]
    if info.family == "redis":
        return [(1, "redis", "redis-server *:6379")]
    if info.family == "mysql":
        return [(1, "mysql", "mysqld")]
    return [(1, "root", cmd)]
