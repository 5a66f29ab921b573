"""`kubectl get` columns for Services and Ingresses, after k8s.io/kubernetes/pkg/printers.

Where the real server would have defaulted a field on create (service type, port protocol),
the v1 default is shown so that a sparse object prints like it would after a real create.
"""

from __future__ import annotations

from typing import Any

from kubesim.printers.columns import (
    AGE,
    NAME,
    Obj,
    Printer,
    RowContext,
    column,
    format_labels,
    text_at,
)
from kubesim.printers.values import dig, items, number, strings, text


def _load_balancer_addresses(status: Any) -> list[str]:
    found = {
        text(entry, "ip") or text(entry, "hostname")
        for entry in items(status, "loadBalancer", "ingress")
    }
    return sorted(found - {""})


def _service_type(obj: Obj) -> str:
    return text(obj, "spec", "type") or "ClusterIP"  # v1 default


def _cluster_ip(row: RowContext) -> str:
    ips = strings(row.obj, "spec", "clusterIPs")
    return (ips[0] if ips else text(row.obj, "spec", "clusterIP")) or "<none>"


def _external_ip(row: RowContext) -> str:
    # getServiceExternalIP with wide=true: the API server never truncates the address list.
    kind = _service_type(row.obj)
    external = strings(row.obj, "spec", "externalIPs")
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        addresses = _load_balancer_addresses(dig(row.obj, "status"))
        return ",".join(addresses + external) or "<pending>"
    if kind == "ExternalName":
        return text(row.obj, "spec", "externalName")
    return "<unknown>"


def _service_ports(row: RowContext) -> str:
    pieces = []
    for port in items(row.obj, "spec", "ports"):
        protocol = text(port, "protocol") or "TCP"  # v1 default
        node_port = number(port, "nodePort")
        middle = f":{node_port}" if node_port > 0 else ""
        pieces.append(f"{number(port, 'port')}{middle}/{protocol}")
    return ",".join(pieces) or "<none>"


SERVICE = Printer(
    (
        NAME,
        column("Type", lambda r: _service_type(r.obj), "How the service is exposed."),
        column("Cluster-IP", _cluster_ip, "The IP address of the service inside the cluster."),
        column("External-IP", _external_ip, "Addresses the service is reachable at from outside."),
        column("Port(s)", _service_ports, "The ports exposed by the service."),
        AGE,
        column(
            "Selector",
            lambda r: format_labels(dig(r.obj, "spec", "selector")),
            "Pods the service routes to.",
            wide=True,
        ),
    )
)


def _ingress_hosts(row: RowContext) -> str:
    # formatHosts: at most three named hosts, then "+ N more..." counted over all rules.
    rules = items(row.obj, "spec", "rules")
    hosts = [text(rule, "host") for rule in rules[:3] if text(rule, "host")]
    if not hosts:
        return "*"
    listed = ",".join(hosts)
    return f"{listed} + {len(rules) - 3} more..." if len(rules) > 3 else listed


INGRESS = Printer(
    (
        NAME,
        column(
            "Class", text_at("spec", "ingressClassName", default="<none>"), "IngressClass in use."
        ),
        column("Hosts", _ingress_hosts, "Hosts that incoming requests are matched against."),
        column(
            "Address",
            lambda r: ",".join(_load_balancer_addresses(dig(r.obj, "status"))),
            "Addresses of the load balancer serving the ingress.",
        ),
        column(
            "Ports",
            lambda r: "80, 443" if items(r.obj, "spec", "tls") else "80",
            "Ports of TLS configurations that open",
        ),
        AGE,
    )
)
