# ruff: noqa: S108  (paths inside the simulated container)
"""System information and process commands: hostname, id, uname, date, free, df, ps, sleep, ..."""

from __future__ import annotations

import math
import re
import time

from kubesim.shell.core import ShellCore
from kubesim.shell.helpers import (
    _DAYS,
    _KERNEL,
    _KERNEL_BUILD,
    _MONTHS,
    MAX_SLEEP,
    _human,
)
from kubesim.shell.results import _Io


class SystemCommands(ShellCore):
    def _c_hostname(self, args: list[str], io: _Io) -> int:
        if args and args[0] in ("-i", "-I", "--ip-address"):
            io.out(self.ctx.pod_ip + ("\n" if args[0] == "-i" else " \n"))
        elif args and args[0] in ("-d", "--domain"):
            io.out("\n")
        else:
            io.out(self.ctx.pod + "\n")
        return 0

    def _c_whoami(self, args: list[str], io: _Io) -> int:
        name = self.ctx.user_name()
        if name is None:
            io.err(f"whoami: cannot find name for user ID {self.ctx.uid}\n")
            return 1
        io.out(name + "\n")
        return 0

    def _c_id(self, args: list[str], io: _Io) -> int:
        uid, name = self.ctx.uid, self.ctx.user_name()
        if "-u" in args:
            io.out((name if "-n" in args and name else str(uid)) + "\n")
            return 0
        if "-g" in args:
            io.out(("root" if "-n" in args else "0") + "\n")
            return 0
        user = f"{uid}({name})" if name else str(uid)
        io.out(f"uid={user} gid=0(root) groups=0(root)\n")
        return 0

    def _c_uname(self, args: list[str], io: _Io) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        gnu = self.ctx.image.os not in ("alpine", "busybox")
        fields = {
            "s": "Linux",
            "n": self.ctx.pod,
            "r": _KERNEL,
            "v": _KERNEL_BUILD,
            "m": "x86_64",
            "p": "unknown" if gnu else "",
            "i": "unknown" if gnu else "",
            "o": "GNU/Linux" if gnu else "Linux",
        }
        if "a" in flags:
            io.out(" ".join(fields[f] for f in "snrvmo" if fields[f]) + "\n")
        else:
            chosen = [f for f in "snrvmpio" if f in flags] or ["s"]
            io.out(" ".join(fields[f] for f in chosen) + "\n")
        return 0

    def _c_date(self, args: list[str], io: _Io) -> int:
        now = self.clock()
        fmt = next((a[1:] for a in args if a.startswith("+")), None)
        t = time.gmtime(now)
        if fmt is None:
            io.out(
                f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} "
                f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}\n"
            )
            return 0
        fmt = fmt.replace("%s", str(int(now))).replace("%N", f"{int(now % 1 * 1e9):09d}")
        fmt = fmt.replace("%Z", "UTC").replace("%z", "+0000")
        io.out(time.strftime(fmt, t) + "\n")
        return 0

    def _c_uptime(self, args: list[str], io: _Io) -> int:
        now = self.clock()
        t = time.gmtime(now)
        up = 3 * 86400 + 7380  # the node booted a while before the container started
        if self.ctx.started_ns:
            up += max(0, int(now - self.ctx.started_ns / 1e9))
        days, rest = divmod(up, 86400)
        hours, minutes = rest // 3600, rest % 3600 // 60
        io.out(
            f" {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} up {days} days, {hours:2d}:"
            f"{minutes:02d},  0 users,  load average: 0.21, 0.18, 0.12\n"
        )
        return 0

    def _c_nproc(self, args: list[str], io: _Io) -> int:
        io.out(f"{math.ceil(self.ctx.cpu_limit) if self.ctx.cpu_limit else 4}\n")
        return 0

    def _c_free(self, args: list[str], io: _Io) -> int:
        total = self.ctx.memory_limit or 16 * 1024**3
        used = min(total, 96 * 1024**2 + total // 7)
        scale, unit = (1024**2, "") if "-m" in args else (1024, "")
        values = (total, used, total - used, 1024**2, used // 3, total - used)
        if "-h" in args:
            cols = [_human(x, "i") for x in values]
        else:
            cols = [str(x // scale) for x in values]
        io.out("               total        used        free      shared  buff/cache   available\n")
        io.out("Mem:    " + "".join(f"{c:>12}" for c in cols) + unit + "\n")
        io.out("Swap:   " + "".join(f"{c:>12}" for c in ("0", "0", "0")) + "\n")
        return 0

    def _c_df(self, args: list[str], io: _Io) -> int:
        human = "-h" in args
        rows = [
            ("overlay", 80 * 1024**3, 23 * 1024**3, "/"),
            ("tmpfs", 64 * 1024**2, 0, "/dev"),
            ("/dev/root", 80 * 1024**3, 23 * 1024**3, "/etc/hosts"),
            ("shm", 64 * 1024**2, 0, "/dev/shm"),
        ]
        for path in sorted(self.ctx.dirs):
            rows.append(
                (
                    "tmpfs" if "secrets" in path else "/dev/root",
                    80 * 1024**3,
                    12 * 1024 if "secrets" in path else 23 * 1024**3,
                    path,
                )
            )
        size_header = "Size" if human else "1K-blocks"
        io.out(
            f"{'Filesystem':<20}{size_header:>10}{'Used':>10}{'Available':>10} Use% Mounted on\n"
        )
        for fs_name, size, used, mount in rows:
            cells = [
                (_human(x, "") if human else str(x // 1024)) for x in (size, used, size - used)
            ]
            pct = f"{round(100 * used / size)}%" if size else "0%"
            io.out(f"{fs_name:<20}{cells[0]:>10}{cells[1]:>10}{cells[2]:>10} {pct:>4} {mount}\n")
        return 0

    def _c_ps(self, args: list[str], io: _Io) -> int:
        me = self.ctx.user_name() or str(self.ctx.uid)
        procs = [*self.ctx.processes, (self.pid, me, self.name)]
        procs.append((self.pid + 6, me, "ps " + " ".join(args) if args else "ps"))
        if self.ctx.image.os in ("alpine", "busybox"):
            io.out("PID   USER     TIME  COMMAND\n")
            for pid, user, command in procs:
                io.out(f"{pid:5d} {user[:8]:<8} {'0:00':>5} {command}\n")
            return 0
        flags = "".join(args).lstrip("-")
        if "e" in flags and "f" in flags:
            io.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
            for pid, user, command in procs:
                ppid = 0 if pid == 1 else (1 if pid < self.pid else self.pid)
                tty = "pts/0" if pid >= self.pid and self.tty else "?"
                io.out(f"{user[:8]:<8} {pid:7d} {ppid:7d}  0 10:00 {tty:<8} 00:00:00 {command}\n")
            return 0
        if "a" in flags or "x" in flags or "e" in flags:
            io.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
            for pid, user, command in procs:
                tty = "pts/0" if pid >= self.pid and self.tty else "?"
                io.out(
                    f"{user[:8]:<8} {pid:7d}  0.0  0.1  11472  7424 {tty:<8} Ss   10:00   "
                    f"0:00 {command}\n"
                )
            return 0
        io.out("    PID TTY          TIME CMD\n")
        for pid, _, command in procs:
            if pid >= self.pid:
                io.out(
                    f"{pid:7d} {'pts/0' if self.tty else '?':<8} 00:00:00 {command.split()[0]}\n"
                )
        return 0

    def _c_stty(self, args: list[str], io: _Io) -> int:
        if not self.tty:
            io.err("stty: 'standard input': Inappropriate ioctl for device\n")
            return 1
        cols, rows = self.size
        if "size" in args:
            io.out(f"{rows} {cols}\n")
        elif "-a" in args or "--all" in args:
            io.out(f"speed 38400 baud; rows {rows}; columns {cols}; line = 0;\n")
        return 0

    def _c_tty(self, args: list[str], io: _Io) -> int:
        if self.tty:
            io.out("/dev/pts/0\n")
            return 0
        io.out("not a tty\n")
        return 1

    def _c_clear(self, args: list[str], io: _Io) -> int:
        io.out("\x1b[H\x1b[2J\x1b[3J")
        return 0

    def _c_sleep(self, args: list[str], io: _Io) -> int:
        if not args:
            io.err("sleep: missing operand\n")
            return 1
        total = 0.0
        for arg in args:
            match = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", arg)
            if not match:
                io.err(f"sleep: invalid time interval '{arg}'\n")
                return 1
            total += (
                float(match.group(1))
                * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
            )
        io.sleep(min(total, MAX_SLEEP))
        return 0

    def _c_kill(self, args: list[str], io: _Io) -> int:
        pids = [a for a in args if not a.startswith("-")]
        if not pids:
            io.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid\n")
            return 2
        for pid in pids:
            self._err(io, f"kill: ({pid}) - Operation not permitted")
        return 1

    # -- files
