"""A served process tree as ``/proc`` shows it: which processes are under a server's root
process, the CPU time they and the database's server processes used, and their memory.

CPU time is what a shared machine cannot steal: other work makes a request wait longer, not
cost more CPU seconds, so CPU time per request compares two servers measured minutes apart
better than their rates do."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    cmdline: str
    cpu_seconds: float  # user and system time, this process's own (not its reaped children's)


def processes() -> dict[int, Process]:
    """Every process readable now, by id."""
    found: dict[int, Process] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        found[int(entry.name)] = Process(int(entry.name), int(fields[1]), cmdline.strip(), cpu)
    return found


def under(root: int, table: dict[int, Process]) -> list[Process]:
    """``root`` and every process descending from it."""

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = table[pid].parent if pid in table else 0
        return False

    return [process for process in table.values() if descends(process.pid)]


def cpu_seconds(root: int, *, database: str = "") -> float:
    """CPU seconds used so far by ``root``'s tree and, when ``database`` names a PostgreSQL
    database, by the PostgreSQL backends serving it (their command line names it)."""
    table = processes()
    total = sum(process.cpu_seconds for process in under(root, table))
    if database:
        total += sum(
            process.cpu_seconds for process in table.values()
            if process.cmdline.startswith("postgres: ") and f" {database} " in process.cmdline
        )  # fmt: skip
    return total


def gunicorn_workers(root: int) -> list[Process]:
    """The gunicorn workers under ``root`` (``qyzmet serve``): gunicorn processes whose parent
    is gunicorn's master, by process id."""
    table = processes()
    workers = [
        process for process in under(root, table)
        if "gunicorn" in process.cmdline
        and process.parent in table and "gunicorn" in table[process.parent].cmdline
    ]  # fmt: skip
    return sorted(workers, key=lambda process: process.pid)


def rss_mib(pid: int) -> float:
    """The resident memory of ``pid``, MiB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
