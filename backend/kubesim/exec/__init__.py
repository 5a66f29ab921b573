"""`pods/{name}/exec` and `/attach` over WebSocket, the way kubectl and the Python clients use them.

Framing (surface doc §9): binary messages whose first byte is the channel: 0 stdin, 1 stdout,
2 stderr, 3 status (JSON from v4 on), 4 resize `{"Width":W,"Height":H}`, and in v5 255 to close
a stream (the client sends [255, 0] when its stdin ends). The `base64` variants carry the same
as text messages: an ASCII channel digit, then base64. The session ends with the status on
channel 3 and a normal close (1000); kubectl turns a `NonZeroExitCode` status into its own exit
code.

Commands run in kubesim.shell against the container's simulated environment. A shell with no
script (`kubectl exec -it p -- sh`) is interactive: it reads lines from stdin until `exit` or the
end of stdin, with a prompt, echo and line editing when a tty is asked for. The session ends
with exit code 137 if the container goes away (pod deleted or restarted), and quietly if the
client disappears.

Layout: `protocol` (options, channels, framing), `session` (one session), `streams` (a
session's input and output), `serve_exec` here.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiohttp import web

from kubesim import errors, podcontainers
from kubesim.apiserver import ApiServer
from kubesim.exec.protocol import KILLED, PROTOCOLS, ExecOptions, parse_options, status_message
from kubesim.exec.session import _Session

log = logging.getLogger("kubesim.exec")

__all__ = ["KILLED", "PROTOCOLS", "ExecOptions", "parse_options", "serve_exec", "status_message"]


async def serve_exec(
    request: web.Request, api: ApiServer, pod: dict[str, Any]
) -> web.StreamResponse:
    options = parse_options(request)
    name = podcontainers.for_exec(pod, options.container)
    pod_name = str(pod["metadata"]["name"])
    if not options.attach and not options.command:
        raise errors.bad_request("you must specify at least one command for the container")
    if not (options.stdin or options.stdout or options.stderr):
        raise errors.bad_request("you must specify at least 1 of stdin, stdout, stderr")
    started = podcontainers.running_since_ns(pod, name)
    if started is None:
        if not (pod.get("spec") or {}).get("nodeName"):
            raise errors.bad_request(f"pod {pod_name} does not have a host assigned")
        # The kubelet's words; kubectl shows them as `error: unable to upgrade connection:
        # container not found ("main")`, as on a real cluster.
        raise errors.bad_request(f'container not found ("{name}")')
    ws = web.WebSocketResponse(protocols=PROTOCOLS, timeout=2.0, heartbeat=30.0)
    if not ws.can_prepare(request).ok:
        # kubectl then retries with SPDY, which kubesim does not speak: it gets this too.
        raise errors.bad_request("Upgrade request required")
    await ws.prepare(request)
    try:
        await _Session(ws, api, pod, name, started, options).run()
    except (TimeoutError, ConnectionError, RuntimeError):
        pass  # the client went away mid-write; nothing more to tell it
    except Exception:
        log.exception("exec session in pod %s failed", pod_name)
    finally:
        if not ws.closed:
            with contextlib.suppress(Exception):
                await ws.close()
    return ws
