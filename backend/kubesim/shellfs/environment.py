"""A container's environment variables: env, envFrom, field and resource refs, service links."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from typing import Any

from kubesim import quantity
from kubesim.images import PATH, image_env, parse_image

Obj = dict[str, Any]
# (resource, namespace, name) → the object, or None
Lookup = Callable[[str, str, str], Obj | None]


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
