"""Cooked-mode line discipline for tty exec sessions (what a kernel tty does for `sh`).

The browser terminal (xterm.js) and `kubectl exec -t` send raw keystrokes: this echoes them,
handles backspace, ^C, ^D, ^U, ^W, ^L and the up/down arrows (history), and turns Enter into
complete lines. Pure: `feed` returns what to write back and what happened.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Echo:
    text: str


@dataclass(frozen=True)
class Line:
    text: str


@dataclass(frozen=True)
class Interrupt:
    """^C: the line is dropped (the session shows a new prompt)."""


@dataclass(frozen=True)
class EndOfInput:
    """^D on an empty line."""


@dataclass(frozen=True)
class Redraw:
    """Replace the line being edited (history, ^L): write the prompt and `text` afresh."""

    text: str
    clear_screen: bool = False


Action = Echo | Line | Interrupt | EndOfInput | Redraw


class LineEditor:
    def __init__(self, history: list[str] | None = None) -> None:
        self.buffer = ""
        self.history = history if history is not None else []
        self._position: int | None = None  # index into history while browsing it
        self._escape = ""
        self._last_cr = False

    def feed(self, data: str) -> list[Action]:
        actions: list[Action] = []

        def echo(text: str) -> None:
            if actions and isinstance(actions[-1], Echo):
                actions[-1] = Echo(actions[-1].text + text)
            else:
                actions.append(Echo(text))

        for ch in data:
            if self._escape:
                self._escape += ch
                if self._escape_complete():
                    self._on_escape(self._escape, actions)
                    self._escape = ""
                continue
            if ch == "\n" and self._last_cr:
                self._last_cr = False
                continue
            self._last_cr = ch == "\r"
            if ch == "\x1b":
                self._escape = ch
            elif ch in "\r\n":
                echo("\r\n")
                actions.append(Line(self.buffer))
                self.buffer, self._position = "", None
            elif ch in "\x7f\x08":
                if self.buffer:
                    self.buffer = self.buffer[:-1]
                    echo("\b \b")
            elif ch == "\x03":
                echo("^C\r\n")
                actions.append(Interrupt())
                self.buffer, self._position = "", None
            elif ch == "\x04":
                if not self.buffer:
                    actions.append(EndOfInput())
            elif ch == "\x15":  # ^U: erase the line
                echo("\b \b" * len(self.buffer))
                self.buffer = ""
            elif ch == "\x17":  # ^W: erase the last word
                kept = self.buffer.rstrip(" ")
                kept = kept[: kept.rfind(" ") + 1] if " " in kept else ""
                echo("\b \b" * (len(self.buffer) - len(kept)))
                self.buffer = kept
            elif ch == "\x0c":  # ^L
                actions.append(Redraw(self.buffer, clear_screen=True))
            elif ch == "\t":
                echo("\x07")
            elif ch >= " ":
                self.buffer += ch
                echo(ch)
        return actions

    def _escape_complete(self) -> bool:
        seq = self._escape
        if len(seq) < 2:
            return False
        if seq[1] not in "[O":
            return True  # ESC x: alt-modified key, ignored
        if len(seq) < 3:
            return False
        return "@" <= seq[-1] <= "~" and (seq[1] == "O" or not seq[-1].isdigit())

    def _on_escape(self, seq: str, actions: list[Action]) -> None:
        key = seq[-1] if seq[1] in "[O" else ""
        if key not in "AB" or not self.history or len(seq) != 3:
            return  # left/right, home/end, delete, function keys: not supported
        if key == "A":
            self._position = (
                len(self.history) - 1 if self._position is None else max(0, self._position - 1)
            )
        else:
            if self._position is None:
                return
            self._position += 1
            if self._position >= len(self.history):
                self._position = None
        self.buffer = "" if self._position is None else self.history[self._position]
        actions.append(Redraw(self.buffer))
