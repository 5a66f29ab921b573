"""Workload rows: deployments, statefulsets, daemonsets, replicasets, jobs and cronjobs."""

from __future__ import annotations

from app.services.summaries_base import (
    Obj,
    Row,
    conditions_summary,
    d,
    dicts,
    epoch,
    format_selector,
    images,
    lst,
    num,
    owner,
    register,
    text,
)


def _template_spec(obj: Obj) -> Obj:
    return d(d(d(obj.get("spec")).get("template")).get("spec"))


def _desired(spec: Obj) -> int:
    # An unset replicas field means 1, as the API server defaults it.
    return num(spec.get("replicas"), 1)


@register("deployments")
def deployment(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    desired = _desired(spec)
    ready, updated = num(status.get("readyReplicas")), num(status.get("updatedReplicas"))
    available = num(status.get("availableReplicas"))
    failed = any(
        c.get("type") == "Progressing" and c.get("status") == "False"
        for c in dicts(status.get("conditions"))
    )
    if desired == 0:
        state = "ScaledDown"
    elif failed:
        state = "Failed"
    elif available >= desired and updated >= desired and ready >= desired:
        state = "Available"
    else:
        state = "Progressing"
    return {
        "status": state,
        "ready": f"{ready}/{desired}",
        "replicas": desired,
        "ready_replicas": ready,
        "updated_replicas": updated,
        "available_replicas": available,
        "images": images(_template_spec(obj)),
        "selector": format_selector(spec.get("selector")),
        "strategy": text(d(spec.get("strategy")).get("type")),
        "paused": bool(spec.get("paused")),
        "conditions": conditions_summary(status),
    }


@register("statefulsets")
def statefulset(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    desired, ready = _desired(spec), num(status.get("readyReplicas"))
    return {
        "status": "Ready" if ready >= desired else "Progressing",
        "ready": f"{ready}/{desired}",
        "replicas": desired,
        "ready_replicas": ready,
        "current_replicas": num(status.get("currentReplicas")),
        "updated_replicas": num(status.get("updatedReplicas")),
        "service_name": text(spec.get("serviceName")),
        "images": images(_template_spec(obj)),
        "selector": format_selector(spec.get("selector")),
    }


@register("daemonsets")
def daemonset(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    desired, ready = num(status.get("desiredNumberScheduled")), num(status.get("numberReady"))
    node_selector = d(_template_spec(obj).get("nodeSelector"))
    return {
        "status": "Ready" if ready >= desired else "Progressing",
        "ready": f"{ready}/{desired}",
        "desired": desired,
        "current": num(status.get("currentNumberScheduled")),
        "ready_replicas": ready,
        "updated": num(status.get("updatedNumberScheduled")),
        "available": num(status.get("numberAvailable")),
        "node_selector": ",".join(f"{k}={v}" for k, v in node_selector.items()),
        "images": images(_template_spec(obj)),
        "selector": format_selector(spec.get("selector")),
    }


@register("replicasets")
def replicaset(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    desired, ready = _desired(spec), num(status.get("readyReplicas"))
    owner_kind, owner_name = owner(d(obj.get("metadata")))
    return {
        "ready": f"{ready}/{desired}",
        "replicas": desired,
        "current_replicas": num(status.get("replicas")),
        "ready_replicas": ready,
        "images": images(_template_spec(obj)),
        "selector": format_selector(spec.get("selector")),
        "owner_kind": owner_kind,
        "owner_name": owner_name,
    }


def job_state(obj: Obj) -> str:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    for cond in dicts(status.get("conditions")):
        if cond.get("status") == "True" and cond.get("type") in ("Complete", "Failed"):
            return str(cond["type"])
    if spec.get("suspend"):
        return "Suspended"
    return (
        "Complete" if status.get("completionTime") and not num(status.get("active")) else "Running"
    )


@register("jobs")
def job(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    completions = num(spec.get("completions"), 1) if spec.get("completions") is not None else 1
    started, finished = epoch(status.get("startTime")), epoch(status.get("completionTime"))
    owner_kind, owner_name = owner(d(obj.get("metadata")))
    return {
        "status": job_state(obj),
        "completions": f"{num(status.get('succeeded'))}/{completions}",
        "succeeded": num(status.get("succeeded")),
        "failed": num(status.get("failed")),
        "active": num(status.get("active")),
        "start_time": text(status.get("startTime")),
        "completion_time": text(status.get("completionTime")),
        # Only finished jobs have a fixed duration; a running job's grows with the clock, so
        # tables compute it from start_time (rows are memoised per resourceVersion).
        "duration_seconds": int(finished - started) if started and finished else None,
        "images": images(_template_spec(obj)),
        "owner_kind": owner_kind,
        "owner_name": owner_name,
    }


@register("cronjobs")
def cronjob(obj: Obj) -> Row:
    spec, status = d(obj.get("spec")), d(obj.get("status"))
    job_spec = d(d(d(spec.get("jobTemplate")).get("spec")).get("template"))
    return {
        "schedule": text(spec.get("schedule")),
        "timezone": text(spec.get("timeZone")),
        "suspend": bool(spec.get("suspend")),
        "active": len(lst(status.get("active"))),
        "last_schedule": text(status.get("lastScheduleTime")),
        "last_successful": text(status.get("lastSuccessfulTime")),
        "images": images(d(job_spec.get("spec"))),
    }
