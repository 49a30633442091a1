"""Imported once by the fork server before it forks any worker: the parser, the template and pyarrow's
lazy initialisation (~0.25 s on first use) are then paid once, not once per worker.

Also: a worker forked while its pool shuts down (Ctrl-C during start-up) finds its pipes and semaphores
gone and would print a traceback through the fork server's `sys.excepthook`; that is no news (the
coordinator reports the interruption in one line), so those start-up errors are not printed.
"""

import sys

from extract.land import records_to_arrow
from extract.parse import parse_bytes

records_to_arrow([])
parse_bytes("二〇二三年政府信息公开工作年度报告\n一、总体情况\n".encode(), "warm.txt")

_ORPHANED_START = (EOFError, BrokenPipeError, ConnectionResetError, FileNotFoundError)


def _quiet_orphaned_start(exc_type, exc, tb) -> None:
    if issubclass(exc_type, _ORPHANED_START):
        return
    sys.__excepthook__(exc_type, exc, tb)


sys.excepthook = _quiet_orphaned_start
