"""`kubectl get` columns for PersistentVolumeClaims and PersistentVolumes."""

from __future__ import annotations

from typing import Any

from kubesim.printers.columns import AGE, NAME, CellFn, Printer, RowContext, column, text_at
from kubesim.printers.values import dig, mapping, present, strings, text

_ACCESS_MODES = (
    ("ReadWriteOnce", "RWO"),
    ("ReadOnlyMany", "ROX"),
    ("ReadWriteMany", "RWX"),
    ("ReadWriteOncePod", "RWOP"),
)
_BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def _access_modes(modes: list[str]) -> str:
    return ",".join(short for mode, short in _ACCESS_MODES if mode in modes)


def _storage_class(row: RowContext) -> str:
    # The deprecated beta annotation still wins over spec.storageClassName, as upstream.
    annotations = mapping(row.obj, "metadata", "annotations")
    if isinstance(annotations.get(_BETA_CLASS_ANNOTATION), str):
        return str(annotations[_BETA_CLASS_ANNOTATION])
    return text(row.obj, "spec", "storageClassName")


def _quantity(value: Any) -> str:
    # A missing resource.Quantity prints as "0". Quantities are not re-canonicalised.
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return "0"


def _phase_or_terminating(row: RowContext) -> str:
    if dig(row.obj, "metadata", "deletionTimestamp"):
        return "Terminating"
    return text(row.obj, "status", "phase")


def _pvc_bound(cell: CellFn) -> CellFn:
    # Capacity and access modes are only shown once the claim is bound to a volume.
    return lambda row: cell(row) if text(row.obj, "spec", "volumeName") else ""


_VOLUME_ATTRIBUTES_CLASS = text_at("spec", "volumeAttributesClassName", default="<unset>")
_VOLUME_MODE = text_at("spec", "volumeMode", default="<unset>")

PVC = Printer(
    (
        NAME,
        column("Status", _phase_or_terminating, "Phase of the claim."),
        column("Volume", text_at("spec", "volumeName"), "The volume bound to the claim."),
        column(
            "Capacity",
            _pvc_bound(lambda r: _quantity(dig(r.obj, "status", "capacity", "storage"))),
            "Actual storage of the bound volume.",
        ),
        column(
            "Access Modes",
            _pvc_bound(lambda r: _access_modes(strings(r.obj, "status", "accessModes"))),
            "Access modes of the bound volume.",
        ),
        column("StorageClass", _storage_class, "StorageClass of the pvc"),
        column(
            "VolumeAttributesClass", _VOLUME_ATTRIBUTES_CLASS, "VolumeAttributesClass of the pvc"
        ),
        AGE,
        column("VolumeMode", _VOLUME_MODE, "Block or Filesystem.", wide=True),
    )
)


def _pv_claim(row: RowContext) -> str:
    claim = present(row.obj, "spec", "claimRef")
    if claim is None:
        return ""
    return f"{text(claim, 'namespace')}/{text(claim, 'name')}"


PV = Printer(
    (
        NAME,
        column(
            "Capacity",
            lambda r: _quantity(dig(r.obj, "spec", "capacity", "storage")),
            "Capacity of the volume.",
        ),
        column(
            "Access Modes",
            lambda r: _access_modes(strings(r.obj, "spec", "accessModes")),
            "Ways the volume can be mounted.",
        ),
        column(
            "Reclaim Policy",
            text_at("spec", "persistentVolumeReclaimPolicy"),
            "What happens to the volume when released from its claim.",
        ),
        column("Status", _phase_or_terminating, "Phase of the volume."),
        column("Claim", _pv_claim, "The claim bound to the volume."),
        column("StorageClass", _storage_class, "StorageClass of the pv"),
        column(
            "VolumeAttributesClass", _VOLUME_ATTRIBUTES_CLASS, "VolumeAttributesClass of the pv"
        ),
        column("Reason", text_at("status", "reason"), "Why the volume is in this phase."),
        AGE,
        column("VolumeMode", _VOLUME_MODE, "Block or Filesystem.", wide=True),
    )
)
