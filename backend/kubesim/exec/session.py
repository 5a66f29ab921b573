"""One exec or attach session: runs the command or shell, and ends when it exits, the client
leaves or the container goes away. Its input and output are _SessionStreams' (streams.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import posixpath
import time

from aiohttp import web

from kubesim import podcontainers
from kubesim.apiserver import ApiServer
from kubesim.exec.protocol import (
    ERROR,
    KILLED,
    PODS,
    POLL_SECONDS,
    STDERR,
    ExecOptions,
    Obj,
    _text,
    status_message,
)
from kubesim.exec.streams import _SessionStreams
from kubesim.images import SHELLS, main_process, parse_image
from kubesim.log_select import select_log
from kubesim.loglines import format_lines
from kubesim.shell import Shell
from kubesim.shellfs import container_context
from kubesim.terminal import EndOfInput, Interrupt, Line, LineEditor, Redraw

log = logging.getLogger("kubesim.exec")


class _Session(_SessionStreams):
    """What runs in the container (a command, an interactive shell, or attach) and for how long."""

    def __init__(
        self,
        ws: web.WebSocketResponse,
        api: ApiServer,
        pod: Obj,
        container: str,
        started: int,
        options: ExecOptions,
    ) -> None:
        super().__init__(ws, options)
        self.api = api
        self.pod = pod
        self.container = container
        self.started = started
        spec = podcontainers.find_spec(pod, container) or {"name": container}
        self.spec = spec
        self.argv = list(options.command) or main_process(
            parse_image(str(spec.get("image") or "")), spec
        )
        self.shell = Shell(
            container_context(pod, container, self._lookup, self._services()),
            name=self._shell_name(),
            tty=options.tty,
        )

    # -- the container's surroundings, read once when the session starts
    def _lookup(self, resource: str, namespace: str, name: str) -> Obj | None:
        return self.api.store.get(("", resource), namespace, name)

    def _services(self) -> list[Obj]:
        namespace = str(self.pod["metadata"].get("namespace", ""))
        store = self.api.store
        found = []
        for ns, name in store.iter_keys(("", "services"), namespace, None):
            svc = store.get(("", "services"), ns, name)
            if svc is not None:
                found.append(svc)
        return found

    def _shell_name(self) -> str:
        first = posixpath.basename(self.argv[0]) if self.argv else "sh"
        return first if first in SHELLS else "sh"

    # -- lifecycle
    async def run(self) -> None:
        reader = asyncio.create_task(self._read())
        watcher = asyncio.create_task(self._watch())
        main = asyncio.create_task(self._main())
        tasks = {reader, watcher, main}
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if main in done:
                code = await self._outcome(main)
            elif watcher in done:
                code = KILLED
            else:
                return  # the client left: nobody to report to
            main.cancel()
            watcher.cancel()
            await self._send_status(code)
            await self.ws.close()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _outcome(self, main: asyncio.Task[int]) -> int:
        """The exit code of what ran; a kubesim bug is logged and reported as a failure."""
        error = main.exception()
        if error is None:
            return main.result()
        if isinstance(error, ConnectionError | RuntimeError):
            raise error  # the client went away mid-write
        log.error("exec in pod %s failed", self.pod["metadata"]["name"], exc_info=error)
        await self._out(
            "kubesim: internal error in the simulated shell (see the kubesim log)\n", STDERR
        )
        return 1

    async def _send_status(self, code: int) -> None:
        status = status_message(code, self.argv)
        if self.codec.json_status:
            await self.codec.send(self.ws, ERROR, json.dumps(status).encode())
        elif code:
            await self.codec.send(self.ws, ERROR, str(status["message"]).encode())

    async def _watch(self) -> None:
        """Returns when the container the session runs in is gone."""
        md = self.pod["metadata"]
        namespace, name, uid = md.get("namespace", ""), md["name"], md.get("uid")
        while True:
            await asyncio.sleep(POLL_SECONDS)
            current = self.api.store.get(PODS, namespace, name)
            if current is None or current["metadata"].get("uid") != uid:
                return
            if podcontainers.running_since_ns(current, self.container) != self.started:
                return

    # -- what runs
    async def _main(self) -> int:
        if self.options.attach:
            return await self._attach()
        argv = self.argv
        if self.shell.starts_interactive(argv):
            return await self._interactive()
        stdin = ""
        if self.options.stdin and self.shell.wants_stdin(argv):
            stdin = await self._read_all()
        result = self.shell.run_argv(argv, stdin)
        await self._play(result.events)
        return result.code

    async def _interactive(self) -> int:
        shell = self.shell
        if not self.options.stdin:
            return 0  # its stdin is /dev/null: it reads end-of-file and exits
        shell.interactive = True
        if not self.options.tty:
            return await self._read_lines()
        editor = LineEditor(shell.history)
        await self._out(shell.prompt())
        while True:
            chunk = await self._next_input()
            if chunk is None:
                return shell.status
            for action in editor.feed(_text(chunk)):
                if isinstance(action, Line):
                    result = shell.run(action.text)
                    if await self._play(result.events):
                        shell.status = 130
                        await self._out("^C\n")
                    if shell.exited:
                        return shell.status
                    await self._out(shell.prompt())
                elif isinstance(action, Interrupt):
                    shell.status = 130
                    await self._out(shell.prompt())
                elif isinstance(action, EndOfInput):
                    if shell.levels:
                        shell.run("exit")
                        await self._out(shell.prompt())
                        continue
                    if shell.name == "bash":
                        await self._out("exit\n")
                    return shell.status
                elif isinstance(action, Redraw):
                    clear = "\x1b[H\x1b[2J" if action.clear_screen else "\r\x1b[K"
                    await self._out(clear + shell.prompt() + action.text)
                else:
                    await self._out(action.text)

    async def _read_lines(self) -> int:
        """sh reading a script from a pipe: run each line as it arrives."""
        shell, pending = self.shell, ""
        while True:
            chunk = await self._next_input()
            if chunk is None:
                if pending.strip():
                    await self._play(shell.run(pending).events)
                return shell.status
            pending += _text(chunk)
            while "\n" in pending:
                line, pending = pending.split("\n", 1)
                await self._play(shell.run(line).events)
                if shell.exited:
                    return shell.status

    async def _attach(self) -> int:
        """The container's main process: a shell reading its stdin if the container was made
        for that (`stdin: true`), else its output as it is written."""
        argv = self.argv
        if self.spec.get("stdin") and self.options.stdin and self.shell.starts_interactive(argv):
            return await self._interactive()
        drain = asyncio.create_task(self._discard_input())
        try:
            log_ = select_log(self.pod, self.container)
            if log_ is None:
                await asyncio.Event().wait()
                return 0
            sent = log_.count_at(time.time_ns())
            while True:
                now = time.time_ns()
                count = log_.count_at(now)
                if count > sent:
                    lines = [log_.line(i) for i in range(max(sent, log_.first_kept(count)), count)]
                    await self._out(format_lines(lines, False).decode())
                    sent = count
                if log_.complete_at(now):
                    return 0
                await asyncio.sleep(0.25)
        finally:
            drain.cancel()
