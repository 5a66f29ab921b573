"""What the resources API tests repeat: polling, GETs for one cluster, row names, applying."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from tests.support.kubedeck_process import Kubedeck, Reply
from tests.support.kubesim_process import Kubesim

T = TypeVar("T")


def eventually(probe: Callable[[], T | None], timeout: float = 10.0) -> T:
    """The first truthy result of `probe`, polled until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s (last: {result!r})")
        time.sleep(0.1)


def get(deck: Kubedeck, path: str, cluster: str = "alpha") -> Reply:
    sep = "&" if "?" in path else "?"
    return deck.call("GET", f"{path}{sep}cluster_id={cluster}".replace(" ", "%20"))


def names(reply: Reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [row["name"] for row in reply.body["items"]]


def apply(sim: Kubesim, doc: str) -> None:
    sim.kubectl("apply", "-f", "-", input_text=doc)
