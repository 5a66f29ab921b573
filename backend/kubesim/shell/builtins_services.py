"""Commands of the server images: nginx, curl, wget, redis, postgres and mysql clients."""

from __future__ import annotations

import posixpath

from kubesim.shell.core import ShellCore
from kubesim.shell.helpers import (
    _KERNEL,
    _host_of,
    _msg,
)
from kubesim.shell.results import _Io
from kubesim.shellfs import FileError


class ServiceCommands(ShellCore):
    def _c_nginx(self, args: list[str], io: _Io) -> int:
        version = self.ctx.image.version
        if "-v" in args or "-V" in args:
            io.err(f"nginx version: nginx/{version}\n")
            if "-V" in args:
                io.err(
                    "built by gcc 12.2.0 (Debian 12.2.0-14)\nbuilt with OpenSSL 3.0.11 19 Sep "
                    "2023\nTLS SNI support enabled\n"
                )
            return 0
        if "-t" in args or "-T" in args:
            io.err(
                "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
            )
            if "-T" in args:
                io.out(
                    "# configuration file /etc/nginx/nginx.conf:\n"
                    + self.fs.files.get("/etc/nginx/nginx.conf", "")
                )
            return 0
        if "-s" in args:
            return 0
        io.err("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n")
        return 1

    def _c_curl(self, args: list[str], io: _Io) -> int:
        urls, output, i = [], None, 0
        while i < len(args):
            arg = args[i]
            if arg in ("-o", "--output"):
                output = args[i + 1] if i + 1 < len(args) else None
                i += 2
                continue
            if arg in ("-H", "-X", "-d", "-u", "-w", "-m", "--data", "--header", "--request"):
                i += 2
                continue
            if not arg.startswith("-"):
                urls.append(arg)
            i += 1
        if not urls:
            io.err("curl: no URL specified!\ncurl: try 'curl --help' for more information\n")
            return 2
        status, body = self._http(urls[0])
        if status is None:
            host = _host_of(urls[0])
            io.err(
                f"curl: (7) Failed to connect to {host[0]} port {host[1]} after 0 ms: "
                "Couldn't connect to server\n"
            )
            return 7
        if "-I" in args or "--head" in args:
            io.out(
                f"HTTP/1.1 {status} OK\r\nServer: nginx/{self.ctx.image.version}\r\n"
                f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            return 0
        if output:
            try:
                self.fs.write(self._path(output), body)
            except FileError as exc:
                io.err(f"curl: (23) Failure writing output to destination: {_msg(exc)}\n")
                return 23
            return 0
        io.out(body)
        return 22 if status >= 400 and ("-f" in args or "--fail" in args) else 0

    def _c_wget(self, args: list[str], io: _Io) -> int:
        urls = [a for a in args if not a.startswith("-")]
        if not urls:
            io.err(
                "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\n"
                "Usage: wget [-cqS] [-O FILE] URL...\n"
            )
            return 1
        status, body = self._http(urls[-1])
        host = _host_of(urls[-1])
        if status is None:
            io.err(f"wget: can't connect to remote host ({host[0]}): Connection refused\n")
            return 1
        to_stdout = any(a in ("-O-", "-qO-", "-O", "-qO") for a in args)
        if status >= 400:
            io.err(f"wget: server returned error: HTTP/1.1 {status} Not Found\n")
            return 1
        if to_stdout:
            io.out(body)
        else:
            try:
                self.fs.write(self._path("index.html"), body)
            except FileError as exc:
                io.err(f"wget: can't open 'index.html': {_msg(exc)}\n")
                return 1
            if "-q" not in "".join(args):
                io.err(
                    f"Connecting to {host[0]}:{host[1]} ({host[0]}:{host[1]})\n"
                    f"saving to 'index.html'\nindex.html           100% |****| {len(body)} "
                    "0:00:00 ETA\n'index.html' saved\n"
                )
        return 0

    def _http(self, url: str) -> tuple[int | None, str]:
        """What a request to this container answers (nothing else is reachable from it)."""
        host, port, path = _host_of(url)
        local = host in ("localhost", "127.0.0.1", "::1", self.ctx.pod, self.ctx.pod_ip)
        family = self.ctx.image.family
        if not local:
            return None, ""
        if family == "nginx" and port == 80:
            file = self.fs.resolve("/usr/share/nginx/html", path.lstrip("/") or "index.html")
            if self.fs.is_dir(file):
                file = posixpath.join(file, "index.html")
            if self.fs.is_file(file):
                return 200, self.fs.files[file]
            return 404, (
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/"
                f"{self.ctx.image.version}</center>\r\n</body>\r\n</html>\r\n"
            )
        if family == "app" and port == 8080:
            if path in ("/healthz", "/readyz", "/livez"):
                return 200, '{"status":"ok"}\n'
            return 404, '{"error":"not found"}\n'
        return None, ""

    def _c_redis_cli(self, args: list[str], io: _Io) -> int:
        words = [a for a in args if not a.startswith("-")]
        flagged = {args[i] for i in range(len(args)) if args[i].startswith("-")}
        if flagged & {"-h", "-p"}:
            words = words[1:] if "-h" in flagged else words
            words = words[1:] if "-p" in flagged else words
        command = [w.lower() for w in words]
        if not command:
            io.out("127.0.0.1:6379> \n")
            return 0
        answers = {
            "ping": "PONG",
            "dbsize": "(integer) 1843",
            "info": f"# Server\nredis_version:"
            f"{self.ctx.image.version}\nredis_mode:standalone\nos:Linux {_KERNEL} x86_64\n"
            "tcp_port:6379\n",
            "time": '1) "1764151201"\n2) "123456"',
        }
        if command[0] in answers:
            io.out(answers[command[0]] + "\n")
        elif command[0] == "get":
            io.out("(nil)\n")
        elif command[0] == "set":
            io.out("OK\n")
        else:
            io.out(f"(error) ERR unknown command '{words[0]}', with args beginning with: \n")
        return 0

    def _c_redis_server(self, args: list[str], io: _Io) -> int:
        if "-v" in args or "--version" in args:
            io.out(
                f"Redis server v={self.ctx.image.version} sha=00000000:0 malloc=jemalloc-5.3.0 "
                "bits=64 build=0000000000000000\n"
            )
            return 0
        io.out(
            "# Could not create server TCP listening socket *:6379: bind: Address already in use\n"
        )
        return 1

    def _c_psql(self, args: list[str], io: _Io) -> int:
        version = self.ctx.image.version
        if "--version" in args or "-V" in args:
            io.out(f"psql (PostgreSQL) {version} (Debian {version}-1.pgdg120+2)\n")
            return 0
        if "-c" in args:
            io.out(" ?column? \n----------\n        1\n(1 row)\n\n")
            return 0
        io.err(
            'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" '
            'failed: FATAL:  role "root" does not exist\n'
        )
        return 2

    def _c_pg_isready(self, args: list[str], io: _Io) -> int:
        io.out("/var/run/postgresql:5432 - accepting connections\n")
        return 0

    def _c_postgres(self, args: list[str], io: _Io) -> int:
        if "--version" in args or "-V" in args:
            io.out(
                f"postgres (PostgreSQL) {self.ctx.image.version} (Debian "
                f"{self.ctx.image.version}-1.pgdg120+2)\n"
            )
            return 0
        io.err('"root" execution of the PostgreSQL server is not permitted.\n')
        return 1

    def _c_mysql(self, args: list[str], io: _Io) -> int:
        if "--version" in args or "-V" in args:
            io.out(
                f"mysql  Ver {self.ctx.image.version} for Linux on x86_64 (MySQL Community "
                "Server - GPL)\n"
            )
            return 0
        io.err(
            "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: NO)\n"
        )
        return 1

    def _c_mysqladmin(self, args: list[str], io: _Io) -> int:
        if "ping" in args:
            io.out("mysqld is alive\n")
            return 0
        return self._c_mysql(args, io)

    def _c_mysqld(self, args: list[str], io: _Io) -> int:
        return self._c_mysql(args, io)
