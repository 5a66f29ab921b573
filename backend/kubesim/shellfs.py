# ruff: noqa: S105, S108  (paths and a placeholder token inside the simulated container)
"""The container an exec session enters: its environment and a small simulated filesystem.

`container_context` gathers what the simulated shell (kubesim.shell) may show from the pod and
the objects it references (ConfigMaps, Secrets, Services), through a lookup, so this module stays
free of the API server and easy to test. The filesystem is an in-memory tree built from the
image and the pod's volume mounts; writes go to it and last for the session.
"""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kubesim import podcontainers, quantity
from kubesim.images import PATH, ImageInfo, image_env, main_process, os_release, parse_image
from kubesim.images import process_table as image_processes

Obj = dict[str, Any]
# (resource, namespace, name) → the object, or None
Lookup = Callable[[str, str, str], Obj | None]

_USERS = {0: "root", 101: "nginx", 999: "postgres", 65534: "nobody"}
_FAMILY_USERS = {"redis": (999, "redis"), "mysql": (999, "mysql")}


@dataclass
class ContainerContext:
    """Facts about one container, for the shell."""

    pod: str
    namespace: str
    container: str
    image: ImageInfo
    env: list[tuple[str, str]]
    pod_ip: str = "10.244.0.5"
    host_ip: str = "10.0.0.1"
    node: str = "node-1"
    uid: int = 0
    workdir: str = "/"
    started_ns: int = 0
    processes: list[tuple[int, str, str]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # extra files (mounted volumes)
    dirs: set[str] = field(default_factory=set)
    read_only: set[str] = field(default_factory=set)  # mount paths that refuse writes
    writable: set[str] = field(default_factory=set)  # writable mounts (emptyDir, PVC)
    read_only_root: bool = False
    cpu_limit: float = 0.0
    memory_limit: int = 0

    def user_name(self, uid: int | None = None) -> str | None:
        uid = self.uid if uid is None else uid
        family = _FAMILY_USERS.get(self.image.family)
        if family and family[0] == uid:
            return family[1]
        return _USERS.get(uid)


def _b64(text: str) -> str:
    try:
        return base64.b64decode(text).decode("utf-8", "replace")
    except ValueError:
        return ""


def _data_of(obj: Obj | None, resource: str) -> dict[str, str]:
    if obj is None:
        return {}
    out = {str(k): str(v) for k, v in (obj.get("data") or {}).items()}
    if resource == "secrets":
        out = {k: _b64(v) for k, v in out.items()}
        out.update({str(k): str(v) for k, v in (obj.get("stringData") or {}).items()})
    else:
        out.update({str(k): _b64(str(v)) for k, v in (obj.get("binaryData") or {}).items()})
    return out


_FIELD = re.compile(r"^metadata\.(labels|annotations)\['([^']+)'\]$")


def _field_ref(pod: Obj, path: str) -> str:
    md, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    simple = {
        "metadata.name": md.get("name"),
        "metadata.namespace": md.get("namespace"),
        "metadata.uid": md.get("uid"),
        "spec.nodeName": spec.get("nodeName"),
        "spec.serviceAccountName": spec.get("serviceAccountName") or "default",
        "status.podIP": status.get("podIP"),
        "status.hostIP": status.get("hostIP"),
        "status.podIPs": ",".join(str(i.get("ip")) for i in status.get("podIPs") or []),
        "status.hostIPs": ",".join(str(i.get("ip")) for i in status.get("hostIPs") or []),
    }
    if path in simple:
        return str(simple[path] or "")
    match = _FIELD.match(path)
    if match:
        return str((md.get(match.group(1)) or {}).get(match.group(2), ""))
    return ""


def _resource_ref(container: Obj, ref: Obj) -> str:
    resource = str(ref.get("resource", ""))
    kind, _, what = resource.partition(".")
    value = ((container.get("resources") or {}).get(kind) or {}).get(what)
    if what == "cpu":
        millis = quantity.cpu_millis(value) if value is not None else 4000
        return str(max(1, -(-millis // 1000)))
    if what in ("memory", "ephemeral-storage"):
        return str(quantity.bytes_of(value) if value is not None else 16 * 1024**3)
    return ""


_VAR_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def container_env(
    pod: Obj, container: Obj, lookup: Lookup, services: Iterable[Obj] = ()
) -> list[tuple[str, str]]:
    """The environment of the container's processes, in the order a runtime would list it."""
    image = parse_image(str(container.get("image") or ""))
    ns = str(pod["metadata"].get("namespace", ""))
    env: dict[str, str] = {"PATH": PATH, "HOSTNAME": str(pod["metadata"]["name"])}
    declared: dict[str, str] = {}
    for source in container.get("envFrom") or []:
        prefix = str(source.get("prefix") or "")
        for key, resource in (("configMapRef", "configmaps"), ("secretRef", "secrets")):
            ref = source.get(key)
            if isinstance(ref, dict):
                obj = lookup(resource, ns, str(ref.get("name", "")))
                for k, v in _data_of(obj, resource).items():
                    declared[prefix + k] = v
    for item in container.get("env") or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        name = str(item["name"])
        if "value" in item:
            value = _VAR_REF.sub(
                lambda m: declared.get(m.group(1), env.get(m.group(1), m.group(0))),
                str(item.get("value") or ""),
            )
        else:
            value = _value_from(pod, container, item.get("valueFrom") or {}, lookup, ns)
        declared[name] = value
    env.update(declared)
    if (pod.get("spec") or {}).get("enableServiceLinks", True) is not False:
        env.update({k: v for k, v in _service_env(services) if k not in env})
    kubernetes = _kubernetes_service(lookup)
    env.update({k: v for k, v in kubernetes if k not in env})
    env.update({k: v for k, v in image_env(image) if k not in env})
    env.setdefault("HOME", "/root")
    return list(env.items())


def _value_from(pod: Obj, container: Obj, source: Obj, lookup: Lookup, ns: str) -> str:
    if isinstance(source.get("fieldRef"), dict):
        return _field_ref(pod, str(source["fieldRef"].get("fieldPath", "")))
    if isinstance(source.get("resourceFieldRef"), dict):
        return _resource_ref(container, source["resourceFieldRef"])
    for key, resource in (("configMapKeyRef", "configmaps"), ("secretKeyRef", "secrets")):
        ref = source.get(key)
        if isinstance(ref, dict):
            data = _data_of(lookup(resource, ns, str(ref.get("name", ""))), resource)
            return data.get(str(ref.get("key", "")), "")
    return ""


def _service_vars(name: str, ip: str, ports: list[Obj]) -> list[tuple[str, str]]:
    prefix = name.upper().replace("-", "_")
    if not ports:
        return []
    first = ports[0]
    out = [
        (f"{prefix}_SERVICE_HOST", ip),
        (f"{prefix}_SERVICE_PORT", str(first.get("port", ""))),
    ]
    for port in ports:
        if port.get("name"):
            out.append(
                (
                    f"{prefix}_SERVICE_PORT_{str(port['name']).upper().replace('-', '_')}",
                    str(port.get("port", "")),
                )
            )
    proto = str(first.get("protocol") or "TCP").lower()
    out.append((f"{prefix}_PORT", f"{proto}://{ip}:{first.get('port', '')}"))
    for port in ports:
        p, pr = str(port.get("port", "")), str(port.get("protocol") or "TCP")
        base = f"{prefix}_PORT_{p}_{pr.upper()}"
        out += [
            (base, f"{pr.lower()}://{ip}:{p}"),
            (f"{base}_PROTO", pr.lower()),
            (f"{base}_PORT", p),
            (f"{base}_ADDR", ip),
        ]
    return out


def _service_env(services: Iterable[Obj]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for svc in services:
        spec = svc.get("spec") or {}
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        out += _service_vars(str(svc["metadata"]["name"]), str(ip), list(spec.get("ports") or []))
    return out


def _kubernetes_service(lookup: Lookup) -> list[tuple[str, str]]:
    svc = lookup("services", "default", "kubernetes") or {}
    ip = str((svc.get("spec") or {}).get("clusterIP") or "10.96.0.1")
    return _service_vars("kubernetes", ip, [{"name": "https", "port": 443, "protocol": "TCP"}])


def _limits(container: Obj) -> tuple[float, int]:
    limits = (container.get("resources") or {}).get("limits") or {}
    cpu = quantity.cpu_millis(limits["cpu"]) / 1000 if limits.get("cpu") is not None else 0.0
    memory = quantity.bytes_of(limits["memory"]) if limits.get("memory") is not None else 0
    return cpu, memory


def _default_workdir(image: ImageInfo) -> str:
    return {"redis": "/data", "app": "/app"}.get(image.family, "/")


def container_context(
    pod: Obj, name: str, lookup: Lookup, services: Iterable[Obj] = ()
) -> ContainerContext:
    container = podcontainers.find_spec(pod, name) or {"name": name}
    image = parse_image(str(container.get("image") or ""))
    md, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    security = {**(spec.get("securityContext") or {}), **(container.get("securityContext") or {})}
    uid = int(security.get("runAsUser") or 0)
    cpu, memory = _limits(container)
    ctx = ContainerContext(
        pod=str(md["name"]),
        namespace=str(md.get("namespace", "")),
        container=name,
        image=image,
        env=container_env(pod, container, lookup, services),
        pod_ip=str(status.get("podIP") or "10.244.0.5"),
        host_ip=str(status.get("hostIP") or "10.0.0.1"),
        node=str(spec.get("nodeName") or "node-1"),
        uid=uid,
        workdir=str(container.get("workingDir") or _default_workdir(image)),
        started_ns=podcontainers.running_since_ns(pod, name) or 0,
        processes=image_processes(image, container),
        read_only_root=bool(security.get("readOnlyRootFilesystem")),
        cpu_limit=cpu,
        memory_limit=memory,
    )
    if image.family not in ("nginx", "postgres", "redis", "mysql"):
        ctx.processes = [(1, ctx.user_name() or str(uid), " ".join(main_process(image, container)))]
    _mount_volumes(ctx, pod, container, lookup)
    return ctx


def _mount_volumes(ctx: ContainerContext, pod: Obj, container: Obj, lookup: Lookup) -> None:
    volumes = {
        str(v.get("name")): v
        for v in (pod.get("spec") or {}).get("volumes") or []
        if isinstance(v, dict)
    }
    automount = (pod.get("spec") or {}).get("automountServiceAccountToken", True) is not False
    sa_dir = "/var/run/secrets/kubernetes.io/serviceaccount"
    if automount:
        ctx.read_only.add(sa_dir)
        ctx.dirs.add(sa_dir)
        ca = lookup("configmaps", ctx.namespace, "kube-root-ca.crt") or {}
        ctx.files[f"{sa_dir}/ca.crt"] = str((ca.get("data") or {}).get("ca.crt") or _FAKE_CA)
        ctx.files[f"{sa_dir}/namespace"] = ctx.namespace
        ctx.files[f"{sa_dir}/token"] = _FAKE_TOKEN
    for mount in container.get("volumeMounts") or []:
        if not isinstance(mount, dict) or not mount.get("mountPath"):
            continue
        path = posixpath.normpath(str(mount["mountPath"]))
        volume = volumes.get(str(mount.get("name"))) or {}
        ctx.dirs.add(path)
        files: dict[str, str] = {}
        if isinstance(volume.get("configMap"), dict):
            source = volume["configMap"]
            obj = lookup("configmaps", ctx.namespace, str(source.get("name", "")))
            files = _projected(source, obj, "configmaps")
        elif isinstance(volume.get("secret"), dict):
            source = volume["secret"]
            obj = lookup("secrets", ctx.namespace, str(source.get("secretName", "")))
            files = _projected(source, obj, "secrets")
        elif "emptyDir" in volume or "persistentVolumeClaim" in volume or "hostPath" in volume:
            ctx.writable.add(path)
        if mount.get("readOnly") or "configMap" in volume or "secret" in volume:
            ctx.read_only.add(path)
        sub = str(mount.get("subPath") or "")
        for key, text in files.items():
            if sub:
                if key == sub:
                    ctx.dirs.discard(path)
                    ctx.files[path] = text
                continue
            ctx.files[posixpath.join(path, key)] = text


def _projected(source: Obj, obj: Obj | None, resource: str) -> dict[str, str]:
    data = _data_of(obj, resource)
    items = source.get("items")
    if isinstance(items, list) and items:
        return {
            str(i.get("path") or i.get("key")): data.get(str(i.get("key")), "")
            for i in items
            if isinstance(i, dict)
        }
    return data


_FAKE_CA = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n"
    "dmVyLWNhQDE3MDAwMDAwMDAwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAw\n"
    "-----END CERTIFICATE-----\n"
)
_FAKE_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVzaW0ifQ.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQu"
    "c3ZjLmNsdXN0ZXIubG9jYWwiXSwiaXNzIjoia3ViZXNpbSJ9.c2ltdWxhdGVkLXNpZ25hdHVyZQ"
)


# ---- the filesystem ---------------------------------------------------------------------------
_COMMON_DIRS = (
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/share",
    "/var",
    "/var/cache",
    "/var/lib",
    "/var/log",
    "/var/run",
    "/var/tmp",
    "/var/spool",
)
_DEV = ("null", "zero", "random", "urandom", "tty", "stdin", "stdout", "stderr", "full", "ptmx")


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


def _passwd(image: ImageInfo) -> str:
    lines = [
        "root:x:0:0:root:/root:" + ("/bin/bash" if image.has_bash else "/bin/sh"),
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
        "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
    ]
    if image.family == "nginx":
        lines.append("nginx:x:101:101:nginx user:/nonexistent:/bin/false")
    if image.family in ("postgres", "redis", "mysql"):
        lines.append(f"{image.family}:x:999:999::/var/lib/{image.family}:/bin/bash")
    lines.append("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin")
    return "\n".join(lines) + "\n"


_NGINX_CONF = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
""".lstrip("\n")

_NGINX_DEFAULT = """server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
