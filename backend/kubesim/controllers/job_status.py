"""What a Job's status says: its conditions (and so whether it is over) and, for an Indexed
Job, which completion indexes are done (`status.completedIndexes`, e.g. `0-2,4`)."""

from __future__ import annotations

from kubesim import meta
from kubesim.controllers.runtime import Obj

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"


def job_condition(
    conditions: list[Obj], kind: str, status: str, reason: str, message: str
) -> list[Obj]:
    """Job conditions carry lastProbeTime rather than lastUpdateTime."""
    now = meta.now_rfc3339()
    current = next((c for c in conditions if c.get("type") == kind), None)
    if current is not None and current.get("status") == status:
        return conditions
    cond = {
        "type": kind,
        "status": status,
        "lastProbeTime": now,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    }
    return [*(c for c in conditions if c is not current), cond]


def finished(job: Obj) -> str:
    """ "Complete" or "Failed" once the Job is over, else ""."""
    for cond in (job.get("status") or {}).get("conditions") or []:
        if cond.get("type") in ("Complete", "Failed") and cond.get("status") == "True":
            return str(cond["type"])
    return ""


def format_indexes(indexes: set[int]) -> str:
    """`0-2,4`: the compressed form of status.completedIndexes."""
    parts: list[str] = []
    for i in sorted(indexes):
        if parts and parts[-1].split("-")[-1] == str(i - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{i}"
        else:
            parts.append(str(i))
    return ",".join(parts)


def parse_indexes(text: str) -> set[int]:
    """The indexes `0-2,4` names; unreadable parts are skipped."""
    out: set[int] = set()
    for part in filter(None, (text or "").split(",")):
        lo, _, hi = part.partition("-")
        if lo.isdigit() and (not hi or hi.isdigit()):
            out.update(range(int(lo), int(hi or lo) + 1))
    return out


def completion_index(pod: Obj) -> int | None:
    """The index an Indexed Job gave this pod (its annotation), else None."""
    value = (pod["metadata"].get("annotations") or {}).get(COMPLETION_INDEX)
    return int(value) if isinstance(value, str) and value.isdigit() else None
