"""A TCP listener that accepts connections and never answers: a hung cluster API server.

Used by the tests and the benchmark that show one hung cluster neither blocks the others nor
leaves a helm process behind.
"""

from __future__ import annotations

import socket
import threading


class BlackHole:
    """Accepts every connection, holds it open, and says nothing, for ever (until `close`)."""

    def __init__(self, backlog: int = 512) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(backlog)
        self.port: int = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def kubeconfig(self, scheme: str = "http") -> str:
        """A kubeconfig (YAML text) whose only cluster is this listener."""
        insecure = ", insecure-skip-tls-verify: true" if scheme == "https" else ""
        return (
            "apiVersion: v1\nkind: Config\nclusters: [{name: hole, cluster: {server: "
            f"'{scheme}://127.0.0.1:{self.port}'{insecure}}}}}]\ncontexts: [{{name: hole, "
            "context: {cluster: hole, user: u}}]\nusers: [{name: u, user: {token: t}}]\n"
            "current-context: hole\n"
        )

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()
