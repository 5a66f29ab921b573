"""Dynamic provisioning: a PVC of a known StorageClass gets a generated PV and binds to it."""

from __future__ import annotations

import copy

from kubesim.controllers.runtime import Controller, Manager, Obj, write_status

PVCS = ("", "persistentvolumeclaims")
PVS = ("", "persistentvolumes")
CLASSES = ("storage.k8s.io", "storageclasses")
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


class VolumeBinder(Controller):
    name = "volumes"
    primary = PVCS

    def reconcile(self, namespace: str, name: str) -> None:
        pvc = self.get(PVCS, namespace, name)
        if pvc is None or (pvc.get("status") or {}).get("phase") == "Bound":
            return
        spec = pvc.get("spec") or {}
        class_name = spec.get("storageClassName") or self._default_class()
        if not class_name or self.get(CLASSES, "", class_name) is None:
            write_status(self, PVCS, pvc, {"phase": "Pending"})
            if class_name:
                self.manager.events.record(
                    pvc,
                    "Warning",
                    "ProvisioningFailed",
                    f'storageclass.storage.k8s.io "{class_name}" not found',
                    component="persistentvolume-controller",
                )
            return
        volume = self._provision(pvc, class_name)
        bound = copy.deepcopy(pvc)
        bound["spec"]["volumeName"] = volume["metadata"]["name"]
        bound["spec"]["storageClassName"] = class_name
        bound["metadata"].setdefault("annotations", {})["pv.kubernetes.io/bind-completed"] = "yes"
        bound["metadata"].pop("resourceVersion", None)
        stored = self.api.update(self.type_of(PVCS), namespace, name, bound)
        write_status(
            self,
            PVCS,
            stored,
            {
                "phase": "Bound",
                "accessModes": spec.get("accessModes") or ["ReadWriteOnce"],
                "capacity": {"storage": self._size(pvc)},
            },
        )
        self.manager.events.record(
            stored,
            "Normal",
            "ProvisioningSucceeded",
            f"Successfully provisioned volume {volume['metadata']['name']}",
            component="kubesim.io/hostpath-provisioner",
        )

    def _default_class(self) -> str | None:
        for _, name in self.api.store.iter_keys(CLASSES, None, None):
            sc = self.get(CLASSES, "", name) or {}
            if (sc["metadata"].get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true":
                return name
        return None

    def _size(self, pvc: Obj) -> str:
        return str(
            (((pvc.get("spec") or {}).get("resources") or {}).get("requests") or {}).get(
                "storage", "1Gi"
            )
        )

    def _provision(self, pvc: Obj, class_name: str) -> Obj:
        md = pvc["metadata"]
        pv_name = f"pvc-{md['uid']}"
        existing = self.get(PVS, "", pv_name)
        if existing is not None:
            return existing
        sc = self.get(CLASSES, "", class_name) or {}
        volume = {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": {
                "name": pv_name,
                "annotations": {
                    "pv.kubernetes.io/provisioned-by": "kubesim.io/hostpath-provisioner"
                },
            },
            "spec": {
                "capacity": {"storage": self._size(pvc)},
                "accessModes": (pvc.get("spec") or {}).get("accessModes") or ["ReadWriteOnce"],
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                "storageClassName": class_name,
                "volumeMode": "Filesystem",
                "hostPath": {"path": f"/var/kubesim/volumes/{pv_name}", "type": ""},
                "claimRef": {
                    "kind": "PersistentVolumeClaim",
                    "namespace": md["namespace"],
                    "name": md["name"],
                    "uid": md["uid"],
                    "apiVersion": "v1",
                },
            },
        }
        created = self.api.create(self.type_of(PVS), "", volume)
        return write_status(
            self, PVS, self.get(PVS, "", created["metadata"]["name"]) or created, {"phase": "Bound"}
        )


def register(manager: Manager) -> None:
    manager.register(VolumeBinder(manager))
