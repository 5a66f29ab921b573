"""Log profiles of postgres, redis and mysql."""

from __future__ import annotations

from kubesim.loglines.profile import LineContext, Profile, Rng, _client_ip
from kubesim.loglines.timeformats import (
    NS,
    _iso_ms,
    _mysql,
    _pg,
    _redis,
)


class Postgres(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        p = _pg(start_ns)
        return [
            "",
            "PostgreSQL Database directory appears to contain a database; Skipping initialization",
            "",
            f"{p} [1] LOG:  starting PostgreSQL {ctx.version} (Debian {ctx.version}-1.pgdg120+2) "
            "on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
            f'{p} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
            f'{p} [1] LOG:  listening on IPv6 address "::", port 5432',
            f'{p} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
            f"{p} [29] LOG:  database system was shut down at {_pg(start_ns - 7 * NS)[:19]} UTC",
            f"{p} [1] LOG:  database system is ready to accept connections",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        p, pid = _pg(ts_ns), rng.randint(100, 9999)
        roll = rng.random()
        if roll < 0.35:
            return (
                f"{p} [{pid}] LOG:  connection received: host={_client_ip(rng)} "
                f"port={rng.randint(32768, 60999)}"
            )
        if roll < 0.65:
            return (
                f"{p} [{pid}] LOG:  connection authorized: user=app database=app "
                "application_name=psql"
            )
        if roll < 0.8:
            secs = rng.uniform(0.05, 4.0)
            return (
                f"{p} [{pid}] LOG:  disconnection: session time: 0:00:{secs:06.3f} user=app "
                f"database=app host={_client_ip(rng)} port={rng.randint(32768, 60999)}"
            )
        if roll < 0.88:
            return f"{p} [27] LOG:  checkpoint starting: time"
        if roll < 0.95:
            buffers = rng.randint(3, 400)
            return (
                f"{p} [27] LOG:  checkpoint complete: wrote {buffers} buffers "
                f"({buffers / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, 0 recycled; "
                f"write={rng.uniform(0.1, 30):.3f} s, sync={rng.uniform(0, 0.05):.3f} s, "
                f"total={rng.uniform(0.1, 30):.3f} s"
            )
        if roll < 0.98:
            return (
                f"{p} [{pid}] ERROR:  duplicate key value violates unique constraint "
                f'"users_email_key"'
            )
        return f'{p} [{pid}] LOG:  automatic vacuum of table "app.public.orders": index scans: 1'

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        p = _pg(ts_ns)
        if kind == "crash":
            return [
                f'{p} [1] FATAL:  could not load library "/usr/lib/postgresql/16/lib/'
                'pg_stat_statements.so": No such file or directory',
                f"{p} [1] LOG:  database system is shut down",
            ]
        if kind == "completed":
            return [
                f"{p} [1] LOG:  received fast shutdown request",
                f"{p} [1] LOG:  aborting any active transactions",
                f'{p} [1] LOG:  background worker "logical replication launcher" (PID 32) '
                "exited with exit code 1",
                f"{p} [27] LOG:  shutting down",
                f"{p} [1] LOG:  database system is shut down",
            ]
        return []


class Redis(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        r = _redis(start_ns)
        return [
            f"1:C {r} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            f"1:C {r} * Redis version={ctx.version}, bits=64, commit=00000000, modified=0, "
            "pid=1, just started",
            f"1:C {r} # Warning: no config file specified, using the default config. In order "
            "to specify a config file use redis-server /path/to/redis.conf",
            f"1:M {r} * monotonic clock: POSIX clock_gettime",
            f"1:M {r} * Running mode=standalone, port=6379.",
            f"1:M {r} * Server initialized",
            f"1:M {r} * Loading RDB produced by version {ctx.version}",
            f"1:M {r} * RDB age 12 seconds",
            f"1:M {r} * Done loading RDB, keys loaded: 1843, keys expired: 0.",
            f"1:M {r} * DB loaded from disk: 0.004 seconds",
            f"1:M {r} * Ready to accept connections tcp",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        r = _redis(ts_ns)
        step = rng.randint(0, 3)
        child = rng.randint(20, 900)
        return (
            f"1:M {r} * {rng.choice((1, 10, 100))} changes in {rng.choice((60, 300))} seconds. "
            "Saving...",
            f"1:M {r} * Background saving started by pid {child}",
            f"{child}:C {r} * DB saved on disk",
            f"1:M {r} * Background saving terminated with success",
        )[step]

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        r = _redis(ts_ns)
        if kind == "crash":
            return [
                f"1:M {r} # Can't handle RDB format version 12",
                f"1:M {r} # Fatal error loading the DB, check server logs. Exiting.",
            ]
        if kind == "completed":
            return [
                f"1:signal-handler ({ts_ns // NS}) Received SIGTERM scheduling shutdown...",
                f"1:M {r} * User requested shutdown...",
                f"1:M {r} * Saving the final RDB snapshot before exiting.",
                f"1:M {r} * DB saved on disk",
                f"1:M {r} # Redis is now ready to exit, bye bye...",
            ]
        return []


class Mysql(Profile):
    interval_ns = 2 * NS

    def startup(self, ctx: LineContext, start_ns: int) -> list[str]:
        m = _mysql(start_ns)
        return [
            f"{_iso_ms(start_ns)[:19]}+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL "
            f"Server {ctx.version}-1.el9 started.",
            f"{m} 0 [System] [MY-015015] [Server] MySQL Server - start.",
            f"{m} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {ctx.version}) "
            "starting as process 1",
            f"{m} 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
            f"{m} 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.",
            f"{m} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
            f"Version: '{ctx.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  "
            "MySQL Community Server - GPL.",
        ]

    def steady(self, ctx: LineContext, rng: Rng, ts_ns: int) -> str:
        m = _mysql(ts_ns)
        if rng.random() < 0.7:
            return (
                f"{m} {rng.randint(8, 900)} [Warning] [MY-010055] [Server] IP address "
                f"'{_client_ip(rng)}' could not be resolved: Name or service not known"
            )
        return (
            f"{m} {rng.randint(8, 900)} [Note] [MY-010914] [Server] Aborted connection "
            f"{rng.randint(8, 900)} to db: 'app' user: 'app' host: '{_client_ip(rng)}' "
            "(Got an error reading communication packets)."
        )

    def ending(self, ctx: LineContext, kind: str, ts_ns: int) -> list[str]:
        m = _mysql(ts_ns)
        if kind == "crash":
            return [
                f"{m} 0 [ERROR] [MY-010273] [Server] Could not create unix socket lock file "
                "/var/run/mysqld/mysqld.sock.lock.",
                f"{m} 0 [ERROR] [MY-010119] [Server] Aborting",
            ]
        if kind == "completed":
            return [
                f"{m} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user "
                "signal>. Shutting down mysqld (Version: " + ctx.version + ").",
                f"{m} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete "
                f"(mysqld {ctx.version})  MySQL Community Server - GPL.",
            ]
        return []
