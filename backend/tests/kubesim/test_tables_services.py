"""Server-side Tables for Services (types, external IPs, ports, headless) and Ingresses."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kubesim.tables_support import cells, meta


def service(kind: str, **spec: Any) -> dict[str, Any]:
    return {
        "metadata": meta("web"),
        "spec": {
            "type": kind,
            "clusterIP": "10.96.0.10",
            "clusterIPs": ["10.96.0.10"],
            "ports": [{"port": 80, "protocol": "TCP"}],
            "selector": {"app": "web"},
            **spec,
        },
    }


def test_cluster_ip_service_cells() -> None:
    assert cells("services", service("ClusterIP")) == {
        "NAME": "web",
        "TYPE": "ClusterIP",
        "CLUSTER-IP": "10.96.0.10",
        "EXTERNAL-IP": "<none>",
        "PORT(S)": "80/TCP",
        "AGE": "5m",
        "SELECTOR": "app=web",
    }


@pytest.mark.parametrize(
    ("obj", "external", "ports"),
    [
        (
            service(
                "NodePort",
                ports=[
                    {"port": 80, "nodePort": 30080, "protocol": "TCP"},
                    {"port": 53, "protocol": "UDP"},
                ],
            ),
            "<none>",
            "80:30080/TCP,53/UDP",
        ),
        (service("ClusterIP", externalIPs=["1.2.3.4"]), "1.2.3.4", "80/TCP"),
        (service("LoadBalancer"), "<pending>", "80/TCP"),
        (
            {
                **service("LoadBalancer"),
                "status": {
                    "loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example.com"}]}
                },
            },
            "5.6.7.8,lb.example.com",
            "80/TCP",
        ),
        (
            {
                **service("LoadBalancer", externalIPs=["9.9.9.9"]),
                "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}]}},
            },
            "5.6.7.8,9.9.9.9",
            "80/TCP",
        ),
        (
            service("ExternalName", externalName="db.example.com", ports=[]),
            "db.example.com",
            "<none>",
        ),
        (service("Weird"), "<unknown>", "80/TCP"),
        (service("ClusterIP", ports=[{"port": 8080}]), "<none>", "8080/TCP"),
    ],
)
def test_service_external_ip_and_ports(obj: dict[str, Any], external: str, ports: str) -> None:
    row = cells("services", obj)
    assert (row["EXTERNAL-IP"], row["PORT(S)"]) == (external, ports)


def test_headless_service_and_missing_selector() -> None:
    obj = service("ClusterIP", clusterIP="None", clusterIPs=["None"])
    del obj["spec"]["selector"]
    row = cells("services", obj)
    assert (row["CLUSTER-IP"], row["SELECTOR"]) == ("None", "<none>")


def test_ingress_cells() -> None:
    obj = {
        "metadata": meta("web"),
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": ["a.example.com"]}],
            "rules": [{"host": "a.example.com"}, {"host": "b.example.com"}],
        },
        "status": {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}]}},
    }
    assert cells("ingresses", obj) == {
        "NAME": "web",
        "CLASS": "nginx",
        "HOSTS": "a.example.com,b.example.com",
        "ADDRESS": "5.6.7.8",
        "PORTS": "80, 443",
        "AGE": "5m",
    }


def test_ingress_hosts_formatting() -> None:
    many = {"spec": {"rules": [{"host": f"h{i}"} for i in range(5)]}}
    assert cells("ingresses", many)["HOSTS"] == "h0,h1,h2 + 2 more..."
    assert cells("ingresses", {"spec": {"rules": [{}]}})["HOSTS"] == "*"
    assert cells("ingresses", {})["PORTS"] == "80"
