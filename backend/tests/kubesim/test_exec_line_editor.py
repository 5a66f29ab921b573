"""The line editor of an interactive exec session (pure): echo, backspace, Enter, ^C and ^D, and
the command history on the arrow keys."""

from __future__ import annotations

from kubesim.terminal import Echo, EndOfInput, Interrupt, Line, LineEditor, Redraw


def test_line_editor() -> None:
    editor = LineEditor()
    assert editor.feed("ls") == [Echo("ls")]
    assert editor.feed("\x7f\x7fpwd\r") == [Echo("\b \b\b \bpwd\r\n"), Line("pwd")]
    assert editor.feed("echo a\r\nb\n") == [
        Echo("echo a\r\n"),
        Line("echo a"),
        Echo("b\r\n"),
        Line("b"),
    ]
    assert editor.feed("x\x03") == [Echo("x^C\r\n"), Interrupt()]
    assert editor.feed("\x04") == [EndOfInput()]
    history = LineEditor(["first", "second"])
    assert history.feed("\x1b[A") == [Redraw("second")]
    assert history.feed("\x1b[A\x1b[A") == [Redraw("first"), Redraw("first")]
    assert history.feed("\x1b[B\r") == [Redraw("second"), Echo("\r\n"), Line("second")]
    assert history.feed("\x1b[C\x1b[3~") == []  # cursor keys are ignored, not echoed
