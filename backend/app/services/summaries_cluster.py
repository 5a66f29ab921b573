"""Rows for networking, config, storage and cluster kinds: services, ingresses, configmaps,
secrets (never their values), PVCs, PVs, nodes, namespaces and events."""

from __future__ import annotations

from app.services.summaries_base import (
    Obj,
    Row,
    as_bytes,
    d,
    dicts,
    lst,
    millicores,
    num,
    register,
    text,
)

_ACCESS_MODES = {
    "ReadWriteOnce": "RWO",
    "ReadOnlyMany": "ROX",
    "ReadWriteMany": "RWX",
    "ReadWriteOncePod": "RWOP",
}


def _lb_addresses(status: Obj) -> list[str]:
    ingress = dicts(d(d(status).get("loadBalancer")).get("ingress"))
    return [
        str(i.get("ip") or i.get("hostname")) for i in ingress if i.get("ip") or i.get("hostname")
    ]


@register("services")
def service(obj: Obj) -> Row:
    spec = d(obj.get("spec"))
    kind = text(spec.get("type")) or "ClusterIP"
    external = _lb_addresses(d(obj.get("status"))) or [
        str(ip) for ip in lst(spec.get("externalIPs"))
    ]
    if kind == "ExternalName":
        external = [str(spec.get("externalName") or "")]
    ports = []
    for p in dicts(spec.get("ports")):
        node_port = f":{p['nodePort']}" if p.get("nodePort") else ""
        ports.append(f"{p.get('port')}{node_port}/{p.get('protocol') or 'TCP'}")
    return {
        "type": kind,
        "cluster_ip": text(spec.get("clusterIP")),
        "external_ip": ",".join(external) or ("<pending>" if kind == "LoadBalancer" else None),
        "ports": ",".join(ports),
        "selector": ",".join(f"{k}={v}" for k, v in d(spec.get("selector")).items()),
    }


@register("ingresses")
def ingress(obj: Obj) -> Row:
    spec = d(obj.get("spec"))
    annotations = d(d(obj.get("metadata")).get("annotations"))
    hosts = [str(r["host"]) for r in dicts(spec.get("rules")) if r.get("host")]
    return {
        "class": text(spec.get("ingressClassName"))
        or text(annotations.get("kubernetes.io/ingress.class")),
        "hosts": hosts,
        "address": ",".join(_lb_addresses(d(obj.get("status")))) or None,
        "ports": "80, 443" if dicts(spec.get("tls")) else "80",
    }


@register("configmaps")
def configmap(obj: Obj) -> Row:
    return {"data_keys": len(d(obj.get("data"))) + len(d(obj.get("binaryData")))}


@register("secrets")
def secret(obj: Obj) -> Row:
    # Key count only: a summary row must never carry a secret's values.
    return {
        "type": text(obj.get("type")) or "Opaque",
        "data_keys": len(d(obj.get("data")) | d(obj.get("stringData"))),
    }


def _access_modes(spec: Obj) -> str:
    return ",".join(_ACCESS_MODES.get(str(m), str(m)) for m in lst(spec.get("accessModes")))


@register("persistentvolumeclaims")
def pvc(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    capacity = text(d(status.get("capacity")).get("storage"))
    terminating = bool(d(obj.get("metadata")).get("deletionTimestamp"))
    return {
        "status": "Terminating" if terminating else text(status.get("phase")) or "Pending",
        "volume": text(spec.get("volumeName")),
        "capacity": capacity,
        "capacity_bytes": as_bytes(capacity),
        "requested_bytes": as_bytes(d(d(spec.get("resources")).get("requests")).get("storage")),
        "access_modes": _access_modes(spec),
        "storage_class": text(spec.get("storageClassName")),
        "volume_mode": text(spec.get("volumeMode")),
    }


@register("persistentvolumes")
def pv(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    capacity = text(d(spec.get("capacity")).get("storage"))
    claim = d(spec.get("claimRef"))
    terminating = bool(d(obj.get("metadata")).get("deletionTimestamp"))
    return {
        "status": "Terminating" if terminating else text(status.get("phase")) or "Pending",
        "capacity": capacity,
        "capacity_bytes": as_bytes(capacity),
        "access_modes": _access_modes(spec),
        "reclaim_policy": text(spec.get("persistentVolumeReclaimPolicy")),
        "claim": f"{claim.get('namespace')}/{claim.get('name')}" if claim.get("name") else None,
        "storage_class": text(spec.get("storageClassName")),
        "reason": text(status.get("reason")),
    }


def node_status(obj: Obj) -> str:
    ready = next(
        (c for c in dicts(d(obj.get("status")).get("conditions")) if c.get("type") == "Ready"), None
    )
    state = "Unknown" if ready is None else "Ready" if ready.get("status") == "True" else "NotReady"
    if d(obj.get("spec")).get("unschedulable"):
        state += ",SchedulingDisabled"
    return state


def _roles(labels: Obj) -> list[str]:
    roles = {
        k.split("/", 1)[1] for k in labels if k.startswith("node-role.kubernetes.io/") and "/" in k
    }
    if labels.get("kubernetes.io/role"):
        roles.add(str(labels["kubernetes.io/role"]))
    return sorted(r for r in roles if r)


@register("nodes")
def node(obj: Obj) -> Row:
    labels, status = d(d(obj.get("metadata")).get("labels")), d(obj.get("status"))
    addresses = {str(a.get("type")): str(a.get("address")) for a in dicts(status.get("addresses"))}
    capacity, allocatable = d(status.get("capacity")), d(status.get("allocatable"))
    info = d(status.get("nodeInfo"))
    return {
        "status": node_status(obj),
        "roles": _roles(labels),
        "version": text(info.get("kubeletVersion")),
        "internal_ip": addresses.get("InternalIP"),
        "external_ip": addresses.get("ExternalIP"),
        "os_image": text(info.get("osImage")),
        "container_runtime": text(info.get("containerRuntimeVersion")),
        "cpu_capacity_millicores": millicores(capacity.get("cpu")),
        "memory_capacity_bytes": as_bytes(capacity.get("memory")),
        "pods_capacity": num(as_bytes(capacity.get("pods"))),
        "cpu_allocatable_millicores": millicores(allocatable.get("cpu")),
        "memory_allocatable_bytes": as_bytes(allocatable.get("memory")),
        "pods_allocatable": num(as_bytes(allocatable.get("pods"))),
        "instance_type": text(labels.get("node.kubernetes.io/instance-type"))
        or text(labels.get("beta.kubernetes.io/instance-type")),
        "zone": text(labels.get("topology.kubernetes.io/zone"))
        or text(labels.get("failure-domain.beta.kubernetes.io/zone")),
        "taints": len(lst(d(obj.get("spec")).get("taints"))),
        "unschedulable": bool(d(obj.get("spec")).get("unschedulable")),
    }


@register("namespaces")
def namespace(obj: Obj) -> Row:
    return {"status": text(d(obj.get("status")).get("phase")) or "Active"}


def event_last_seen(obj: Obj) -> str | None:
    """When the event last happened: core/v1 and events.k8s.io fields, newest source first."""
    series = d(obj.get("series"))
    return (
        text(series.get("lastObservedTime"))
        or text(obj.get("lastTimestamp"))
        or text(obj.get("eventTime"))
        or text(obj.get("firstTimestamp"))
        or text(d(obj.get("metadata")).get("creationTimestamp"))
    )


@register("events")
def event(obj: Obj) -> Row:
    involved = d(obj.get("involvedObject")) or d(obj.get("regarding"))
    source = d(obj.get("source"))
    count = num(obj.get("count")) or num(d(obj.get("series")).get("count")) or 1
    return {
        "type": text(obj.get("type")) or "Normal",
        "reason": text(obj.get("reason")),
        "object": f"{str(involved.get('kind', '')).lower()}/{involved.get('name', '')}"
        if involved
        else None,
        "involved_kind": text(involved.get("kind")),
        "involved_name": text(involved.get("name")),
        "involved_namespace": text(involved.get("namespace")),
        "involved_uid": text(involved.get("uid")),
        "message": text(obj.get("message") or obj.get("note")),
        "count": count,
        "first_seen": text(obj.get("firstTimestamp")) or text(obj.get("eventTime")),
        "last_seen": event_last_seen(obj),
        "source": text(source.get("component")) or text(obj.get("reportingComponent")),
    }
