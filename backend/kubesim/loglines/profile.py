"""What a log profile is: the lines an image writes at start-up, steadily and when it ends."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from kubesim.loglines.timeformats import (
    NS,
)

T = TypeVar("T")


@dataclass(frozen=True)
class LogLine:
    ts_ns: int
    text: str


@dataclass(frozen=True)
class LineContext:
    """What lines may mention: names, versions, addresses."""

    pod: str = "pod"
    namespace: str = "default"
    container: str = "main"
    app: str = "app"  # the app label, else the container name
    version: str = "1.0.0"
    pod_ip: str = "10.244.0.5"
    echo: str = ""  # for plain shell images: what their command echoes
    echo_interval_ns: int = 0


_MASK = 2**64 - 1


class Rng:
    """splitmix64: a small, fast generator; one per line, seeded from the line's identity."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def _next(self) -> int:
        self.state = z = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next() >> 11) / 9007199254740992.0

    def randint(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def choice(self, items: Sequence[T]) -> T:
        return items[self._next() % len(items)]

    def getrandbits(self, bits: int) -> int:
        return self._next() >> (64 - bits)


class Profile(ABC):
    """How one kind of image logs. Subclasses fill in the three kinds of lines."""

    interval_ns = NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        return []

    def has_steady(self, ctx: LineContext) -> bool:
        return True

    def interval(self, ctx: LineContext) -> int:
        return self.interval_ns

    @abstractmethod
    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        """One line of the container's steady-state output (each image family writes its own)."""

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        """kind: crash (it failed), completed (it exited 0 or was stopped), killed (no words)."""
        return []


def _client_ip(rng: Rng) -> str:
    return f"10.244.{rng.randint(0, 3)}.{rng.randint(2, 250)}"
