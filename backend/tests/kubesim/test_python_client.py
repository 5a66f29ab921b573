"""kubernetes_asyncio (the client kubedeck uses) against a real kubesim over TLS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes_asyncio import client, config, watch
from kubernetes_asyncio.client.rest import ApiException

from tests.support.kubesim_process import Kubesim


@pytest.fixture
async def api_client(cluster: Kubesim) -> AsyncIterator[Any]:
    loaded = client.Configuration()
    await config.load_kube_config(config_file=str(cluster.kubeconfig), client_configuration=loaded)
    async with client.ApiClient(loaded) as api:
        yield api


def _deployment(name: str, replicas: int = 1) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "main", "image": "nginx"}]},
            },
        },
    }


async def test_list_and_label_selector(api_client: Any, namespace: str) -> None:
    core: Any = client.CoreV1Api(api_client)
    for i, colour in enumerate(["red", "blue", "red"]):
        await core.create_namespaced_config_map(
            namespace, {"metadata": {"name": f"c{i}", "labels": {"colour": colour}}}
        )
    everything = await core.list_namespaced_config_map(namespace)
    assert len(everything.items) == 4  # three plus kube-root-ca.crt
    red = await core.list_namespaced_config_map(namespace, label_selector="colour=red")
    assert [c.metadata.name for c in red.items] == ["c0", "c2"]
    namespaces = await core.list_namespace()
    assert "default" in [n.metadata.name for n in namespaces.items]
    with pytest.raises(ApiException) as missing:
        await core.read_namespaced_config_map("nope", namespace)
    assert missing.value.status == 404


async def test_watch_resumes_from_resource_version(api_client: Any, namespace: str) -> None:
    core: Any = client.CoreV1Api(api_client)
    listed = await core.list_namespaced_config_map(namespace)
    rv = listed.metadata.resource_version
    await core.create_namespaced_config_map(namespace, {"metadata": {"name": "first"}})
    seen: list[tuple[str, str]] = []
    async with watch.Watch() as w:
        async for event in w.stream(
            core.list_namespaced_config_map, namespace, resource_version=rv, timeout_seconds=1
        ):
            seen.append((event["type"], event["object"].metadata.name))
    last_rv = (await core.read_namespaced_config_map("first", namespace)).metadata.resource_version
    # Changes made while no watch is open are replayed on reconnect from the last seen version.
    await core.patch_namespaced_config_map("first", namespace, {"data": {"k": "v"}})
    await core.create_namespaced_config_map(namespace, {"metadata": {"name": "second"}})
    async with watch.Watch() as w:
        async for event in w.stream(
            core.list_namespaced_config_map, namespace, resource_version=last_rv, timeout_seconds=1
        ):
            seen.append((event["type"], event["object"].metadata.name))
    assert seen == [("ADDED", "first"), ("MODIFIED", "first"), ("ADDED", "second")]


async def test_watch_from_compacted_version_gets_410(tmp_path: Path) -> None:
    sim = Kubesim(tmp_path / "small", "sim-small", extra_args=("--watch-history", "5")).start()
    try:
        loaded = client.Configuration()
        await config.load_kube_config(config_file=str(sim.kubeconfig), client_configuration=loaded)
        async with client.ApiClient(loaded) as api:
            core: Any = client.CoreV1Api(api)
            old_rv = (await core.list_namespaced_config_map("default")).metadata.resource_version
            for i in range(10):
                await core.create_namespaced_config_map("default", {"metadata": {"name": f"c{i}"}})
            with pytest.raises(ApiException) as expired:
                await _drain_watch(core, "default", old_rv)
            assert expired.value.status == 410
            # The documented recovery: relist, then watch from the list's version.
            fresh = await core.list_namespaced_config_map("default")
            assert len(fresh.items) == 11
    finally:
        assert sim.stop() == 0  # stops cleanly on SIGTERM


async def _drain_watch(core: Any, namespace: str, resource_version: str) -> None:
    async with watch.Watch() as w:
        async for _ in w.stream(
            core.list_namespaced_config_map,
            namespace,
            resource_version=resource_version,
            timeout_seconds=2,
        ):
            pass


async def test_patch_scale_subresource(api_client: Any, namespace: str) -> None:
    apps: Any = client.AppsV1Api(api_client)
    await apps.create_namespaced_deployment(namespace, _deployment("web"))
    scaled = await apps.patch_namespaced_deployment_scale(
        "web", namespace, {"spec": {"replicas": 4}}
    )
    assert scaled.spec.replicas == 4
    assert scaled.status.selector == "app=web"
    dep = await apps.read_namespaced_deployment("web", namespace)
    assert dep.spec.replicas == 4 and dep.metadata.generation == 2
    with pytest.raises(ApiException) as bad:
        await apps.patch_namespaced_deployment_scale("web", namespace, {"spec": {"replicas": -1}})
    assert bad.value.status == 422
