# ruff: noqa: S108  (paths inside the simulated container)
"""The in-memory filesystem of an exec session, built from the image and volume mounts."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from kubesim.images import os_release
from kubesim.shellfs.context import ContainerContext
from kubesim.shellfs.image_files import (
    _COMMON_DIRS,
    _DEV,
    _NGINX_CONF,
    _NGINX_DEFAULT,
    NGINX_INDEX,
    _passwd,
)


class FileError(Exception):
    """errno-style: ENOENT, EISDIR, ENOTDIR, EROFS, EEXIST, ENOTEMPTY, EACCES."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


MESSAGES = {
    "ENOENT": "No such file or directory",
    "EISDIR": "Is a directory",
    "ENOTDIR": "Not a directory",
    "EROFS": "Read-only file system",
    "EEXIST": "File exists",
    "ENOTEMPTY": "Directory not empty",
    "EACCES": "Permission denied",
}


class FileSystem:
    """An in-memory tree: directories and text files (executables are empty files in bin dirs)."""

    def __init__(self, ctx: ContainerContext, commands: Iterable[str] = ()) -> None:
        self.ctx = ctx
        self.dirs: set[str] = {"/"}
        self.files: dict[str, str] = {}
        self.executables: set[str] = set()
        self._build(commands)

    # -- construction
    def _add_dir(self, path: str) -> None:
        while path not in self.dirs:
            self.dirs.add(path)
            path = posixpath.dirname(path)

    def _add_file(self, path: str, text: str, executable: bool = False) -> None:
        self._add_dir(posixpath.dirname(path))
        self.files[path] = text
        if executable:
            self.executables.add(path)

    def _build(self, commands: Iterable[str]) -> None:
        ctx, image = self.ctx, self.ctx.image
        if image.os == "distroless":
            for d in ("/dev", "/etc", "/proc", "/sys", "/tmp", "/var", "/app"):
                self._add_dir(d)
        else:
            for d in _COMMON_DIRS:
                self._add_dir(d)
            bindir = "/bin" if image.os in ("alpine", "busybox") else "/usr/bin"
            for command in commands:
                self._add_file(f"{bindir}/{command}", "", executable=True)
        for dev in _DEV:
            self.files[f"/dev/{dev}"] = ""
        self._add_file("/etc/hostname", ctx.pod + "\n")
        self._add_file(
            "/etc/hosts",
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost "
            "ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
            "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
            f"{ctx.pod_ip}\t{ctx.pod}\n",
        )
        ns = ctx.namespace
        self._add_file(
            "/etc/resolv.conf",
            f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\n"
            "nameserver 10.96.0.10\noptions ndots:5\n",
        )
        release = os_release(image)
        if release is not None:
            self._add_file("/etc/os-release", release)
        if image.os in ("debian", "ubuntu"):
            self._add_file(
                "/etc/debian_version", "12.8\n" if image.os == "debian" else "trixie/sid\n"
            )
        if image.os == "alpine":
            self._add_file("/etc/alpine-release", "3.20.3\n")
        self._add_file("/etc/passwd", _passwd(image))
        self._add_file("/etc/group", "root:x:0:root\nnogroup:x:65534:\n")
        self._add_file(
            "/proc/version",
            "Linux version 6.8.0-1019-aws (buildd@lcy02-amd64-032) "
            "(x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0) "
            "#21~22.04.1-Ubuntu SMP Thu Oct 23 10:08:51 UTC 2026\n",
        )
        self._add_dir("/proc/1")
        self.files["/proc/1/cmdline"] = (
            "\0".join(ctx.processes[0][2].split()) + "\0" if (ctx.processes) else ""
        )
        self._family_files()
        for d in sorted(ctx.dirs):
            self._add_dir(d)
        for path, text in ctx.files.items():
            self._add_file(path, text)
        self._add_dir(ctx.workdir)

    def _family_files(self) -> None:
        ctx, image = self.ctx, self.ctx.image
        if image.family == "nginx":
            self._add_file("/docker-entrypoint.sh", "#!/bin/sh\n", executable=True)
            for script in (
                "10-listen-on-ipv6-by-default.sh",
                "15-local-resolvers.envsh",
                "20-envsubst-on-templates.sh",
                "30-tune-worker-processes.sh",
            ):
                self._add_file(f"/docker-entrypoint.d/{script}", "#!/bin/sh\n", executable=True)
            self._add_file("/etc/nginx/nginx.conf", _NGINX_CONF)
            self._add_file("/etc/nginx/conf.d/default.conf", _NGINX_DEFAULT)
            self._add_file("/etc/nginx/mime.types", "types {\n    text/html html htm;\n}\n")
            self._add_file("/usr/share/nginx/html/index.html", NGINX_INDEX)
            self._add_file(
                "/usr/share/nginx/html/50x.html",
                "<!DOCTYPE html>\n<html>\n"
                "<head><title>Error</title></head>\n<body>\n<h1>An error occurred."
                "</h1>\n</body>\n</html>\n",
            )
            self._add_file("/var/log/nginx/access.log", "")
            self._add_file("/var/log/nginx/error.log", "")
            self._add_file("/usr/sbin/nginx", "", executable=True)
        elif image.family == "postgres":
            data = "/var/lib/postgresql/data"
            major = image.version.split(".", 1)[0]
            self._add_file(f"{data}/PG_VERSION", f"{major}\n")
            self._add_file(
                f"{data}/postgresql.conf",
                "listen_addresses = '*'\nmax_connections = 100\nshared_buffers = 128MB\n",
            )
            self._add_file(
                f"{data}/pg_hba.conf", "local all all trust\nhost all all all scram-sha-256\n"
            )
            for sub in ("base", "global", "pg_wal", "pg_stat", "pg_tblspc"):
                self._add_dir(f"{data}/{sub}")
            self._add_dir("/docker-entrypoint-initdb.d")
            self._add_file("/usr/local/bin/docker-entrypoint.sh", "#!/usr/bin/env bash\n", True)
        elif image.family == "redis":
            self._add_file("/data/dump.rdb", "REDIS0011\n")
            self._add_file("/usr/local/bin/docker-entrypoint.sh", "#!/bin/sh\n", True)
        elif image.family == "mysql":
            self._add_dir("/var/lib/mysql/mysql")
            self._add_file(
                "/etc/my.cnf",
                "[mysqld]\nskip-host-cache\nskip-name-resolve\n"
                "datadir=/var/lib/mysql\nsocket=/var/run/mysqld/mysqld.sock\n",
            )
        elif image.family == "app":
            self._add_file("/app/server", "", executable=True)
            self._add_file(
                "/app/config.yaml",
                f"server:\n  port: 8080\nservice: {ctx.container}\n"
                "log:\n  format: json\n  level: info\n",
            )
            self._add_dir("/app/static")

    # -- paths
    @staticmethod
    def resolve(cwd: str, path: str) -> str:
        return posixpath.normpath(posixpath.join(cwd, path)) if path else cwd

    def is_dir(self, path: str) -> bool:
        return path in self.dirs

    def is_file(self, path: str) -> bool:
        return path in self.files

    def exists(self, path: str) -> bool:
        return path in self.dirs or path in self.files

    def is_executable(self, path: str) -> bool:
        return path in self.executables

    def _check_parent(self, path: str) -> None:
        parent = posixpath.dirname(path)
        if parent in self.files:
            raise FileError("ENOTDIR")
        if parent not in self.dirs:
            raise FileError("ENOENT")

    def read(self, path: str) -> str:
        if path in self.dirs:
            raise FileError("EISDIR")
        if path not in self.files:
            self._check_parent(path)
            raise FileError("ENOENT")
        return self.files[path]

    def list(self, path: str) -> list[str]:
        if path in self.files:
            raise FileError("ENOTDIR")
        if path not in self.dirs:
            raise FileError("ENOENT")
        prefix = path.rstrip("/") + "/"
        names = {
            p[len(prefix) :].split("/", 1)[0]
            for p in (*self.dirs, *self.files)
            if p.startswith(prefix) and p != path
        }
        return sorted(names)

    def writable(self, path: str) -> bool:
        def under(roots: Iterable[str]) -> bool:
            return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)

        if path.startswith(("/proc/", "/sys/")) or under(self.ctx.read_only):
            return False
        if self.ctx.read_only_root:
            return under(self.ctx.writable)
        return True

    def write(self, path: str, text: str, append: bool = False) -> None:
        if path in self.dirs:
            raise FileError("EISDIR")
        self._check_parent(path)
        if path == "/dev/null":
            return
        if not self.writable(path):
            raise FileError("EROFS")
        self.files[path] = (self.files.get(path, "") if append else "") + text

    def mkdir(self, path: str, parents: bool = False) -> None:
        if path in self.dirs or path in self.files:
            if parents and path in self.dirs:
                return
            raise FileError("EEXIST")
        parent = posixpath.dirname(path)
        if parent not in self.dirs:
            if not parents:
                self._check_parent(path)
            self.mkdir(parent, parents=True)
        if not self.writable(path):
            raise FileError("EROFS")
        self.dirs.add(path)

    def remove(self, path: str, recursive: bool = False) -> None:
        if path in self.files:
            if not self.writable(path):
                raise FileError("EROFS")
            del self.files[path]
            self.executables.discard(path)
            return
        if path not in self.dirs:
            raise FileError("ENOENT")
        if not recursive:
            raise FileError("EISDIR")
        if not self.writable(path) or path == "/":
            raise FileError("EROFS" if path != "/" else "EACCES")
        prefix = path.rstrip("/") + "/"
        self.files = {p: t for p, t in self.files.items() if not p.startswith(prefix)}
        self.dirs = {d for d in self.dirs if d != path and not d.startswith(prefix)}

    def size(self, path: str) -> int:
        if path in self.dirs:
            return 4096
        return len(self.files.get(path, "").encode())
