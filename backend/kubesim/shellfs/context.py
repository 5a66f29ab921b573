# ruff: noqa: S105  (a placeholder token inside the simulated container)
"""The container an exec session enters: identity, limits, processes and mounted volumes."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from kubesim import podcontainers, quantity
from kubesim.images import ImageInfo, main_process, parse_image
from kubesim.images import process_table as image_processes
from kubesim.shellfs.environment import Lookup, Obj, _data_of, container_env

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
