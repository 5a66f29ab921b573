"""What running a command produces: output and sleep events, and the streams a command writes to."""

from __future__ import annotations

from dataclasses import dataclass, field


# ---- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Output:
    stream: int  # 1 stdout, 2 stderr
    text: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


Event = Output | Sleep


@dataclass
class Result:
    events: list[Event] = field(default_factory=list)
    code: int = 0

    def text(self, stream: int) -> str:
        return "".join(e.text for e in self.events if isinstance(e, Output) and e.stream == stream)

    @property
    def stdout(self) -> str:
        return self.text(1)

    @property
    def stderr(self) -> str:
        return self.text(2)

    @property
    def slept(self) -> float:
        return sum(e.seconds for e in self.events if isinstance(e, Sleep))


class _Io:
    """A command's standard streams while it runs."""

    def __init__(self, stdin: str = "") -> None:
        self.stdin = stdin
        self.events: list[Event] = []

    def out(self, text: str) -> None:
        if text:
            self.events.append(Output(1, text))

    def err(self, text: str) -> None:
        if text:
            self.events.append(Output(2, text))

    def sleep(self, seconds: float) -> None:
        self.events.append(Sleep(seconds))
