"""What the logs tests (test_logs_*.py) recognise in log text: timestamps, nginx's request
lines, and a fixed start time for the pure tests."""

from __future__ import annotations

import re

from kubesim.loglines import NS

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z ")
NGINX_ACCESS = re.compile(r'^\d+\.\d+\.\d+\.\d+ - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "')
NGINX_ERROR = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[error\] ")


def nginx_request_line(text: str | bytes) -> bool:
    """An access-log line, or the occasional error line nginx writes for a request."""
    line = text.decode() if isinstance(text, bytes) else text
    return bool(NGINX_ACCESS.match(line) or NGINX_ERROR.match(line))


START = 1_790_000_000 * NS  # a fixed moment, so these tests never depend on the clock
