"""Server-side Tables for config and storage: ConfigMaps, Secrets, ServiceAccounts,
PersistentVolumeClaims and PersistentVolumes."""

from __future__ import annotations

from typing import Any

from tests.kubesim.tables_support import ago, cells, meta


def test_config_kinds() -> None:
    cm = {"metadata": meta("cfg"), "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}
    assert cells("configmaps", cm) == {"NAME": "cfg", "DATA": 3, "AGE": "5m"}
    secret = {
        "metadata": meta("tls"),
        "type": "kubernetes.io/tls",
        "data": {"tls.crt": "x", "tls.key": "y"},
    }
    assert cells("secrets", secret) == {
        "NAME": "tls",
        "TYPE": "kubernetes.io/tls",
        "DATA": 2,
        "AGE": "5m",
    }
    sa = {"metadata": meta("default"), "secrets": [{"name": "token"}]}
    assert cells("serviceaccounts", sa) == {"NAME": "default", "SECRETS": 1, "AGE": "5m"}
    assert cells("serviceaccounts", {"metadata": meta("x")})["SECRETS"] == 0


def test_bound_pvc_cells() -> None:
    obj = {
        "metadata": meta("data"),
        "spec": {
            "volumeName": "pv-1",
            "storageClassName": "standard",
            "resources": {"requests": {"storage": "1Gi"}},
            "volumeMode": "Filesystem",
        },
        "status": {
            "phase": "Bound",
            "capacity": {"storage": "2Gi"},
            "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
        },
    }
    assert cells("persistentvolumeclaims", obj) == {
        "NAME": "data",
        "STATUS": "Bound",
        "VOLUME": "pv-1",
        "CAPACITY": "2Gi",
        "ACCESS MODES": "RWO,RWX",
        "STORAGECLASS": "standard",
        "VOLUMEATTRIBUTESCLASS": "<unset>",
        "AGE": "5m",
        "VOLUMEMODE": "Filesystem",
    }


def test_pending_pvc_hides_capacity_and_prefers_beta_annotation() -> None:
    obj = {
        "metadata": meta("data", annotations={"volume.beta.kubernetes.io/storage-class": "legacy"}),
        "spec": {"storageClassName": "standard"},
        "status": {
            "phase": "Pending",
            "capacity": {"storage": "2Gi"},
            "accessModes": ["ReadWriteOnce"],
        },
    }
    row = cells("persistentvolumeclaims", obj)
    assert (row["STATUS"], row["CAPACITY"], row["ACCESS MODES"], row["STORAGECLASS"]) == (
        "Pending",
        "",
        "",
        "legacy",
    )


def test_pv_cells() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "pv-1", "creationTimestamp": ago(minutes=5)},
        "spec": {
            "capacity": {"storage": "10Gi"},
            "accessModes": ["ReadWriteOncePod", "ReadOnlyMany"],
            "persistentVolumeReclaimPolicy": "Retain",
            "storageClassName": "standard",
            "claimRef": {"namespace": "default", "name": "data"},
            "volumeAttributesClassName": "gold",
        },
        "status": {"phase": "Bound"},
    }
    assert cells("persistentvolumes", obj) == {
        "NAME": "pv-1",
        "CAPACITY": "10Gi",
        "ACCESS MODES": "ROX,RWOP",
        "RECLAIM POLICY": "Retain",
        "STATUS": "Bound",
        "CLAIM": "default/data",
        "STORAGECLASS": "standard",
        "VOLUMEATTRIBUTESCLASS": "gold",
        "REASON": "",
        "AGE": "5m",
        "VOLUMEMODE": "<unset>",
    }
    obj["metadata"]["deletionTimestamp"] = ago(seconds=1)
    assert cells("persistentvolumes", obj)["STATUS"] == "Terminating"
    assert cells("persistentvolumes", {})["CAPACITY"] == "0"
