"""What Linux's /proc says about a process and the machine: CPU time, resident memory, open
files, children, busy time. Linux only, as the scale-out set-up is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessSample:
    """One reading of one process."""

    pid: int
    cpu_s: float
    rss_bytes: int
    open_files: int


def parse_stat(line: str) -> tuple[int, float]:
    """The parent pid and user + system CPU seconds in a `/proc/<pid>/stat` line.

    The command name (field 2) is in parentheses and may itself hold spaces and parentheses,
    so the fields are counted from the last closing parenthesis."""
    after_name = line[line.rindex(")") + 2 :].split()
    # after_name[0] is field 3 (state): the parent is field 4, utime and stime fields 14 and 15.
    parent = int(after_name[1])
    ticks = int(after_name[11]) + int(after_name[12])
    return parent, ticks / CLOCK_TICKS


def parse_rss(status: str) -> int:
    """Resident memory in bytes from a `/proc/<pid>/status` text (0 for a kernel thread)."""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def sample(pid: int) -> ProcessSample | None:
    """A reading of the process, or None when it has gone."""
    base = PROC / str(pid)
    try:
        _, cpu_s = parse_stat((base / "stat").read_text())
        rss = parse_rss((base / "status").read_text())
        open_files = len(os.listdir(base / "fd"))
    except (FileNotFoundError, ProcessLookupError):
        return None
    return ProcessSample(pid, cpu_s, rss, open_files)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (gone ones count 0)."""
    total = 0.0
    for pid in pids:
        reading = sample(pid)
        if reading is not None:
            total += reading.cpu_s
    return total


def children(pid: int) -> list[int]:
    """The direct children of a process."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent, _ = parse_stat((entry / "stat").read_text())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)


@dataclass(frozen=True)
class MachineCpu:
    """Jiffies of all CPUs since boot: busy and in total."""

    busy: int
    total: int

    def busy_share_since(self, earlier: MachineCpu) -> float:
        """The share of the machine's CPU time that was busy between the two readings."""
        total = self.total - earlier.total
        return (self.busy - earlier.busy) / total if total else 0.0


def parse_machine_cpu(proc_stat: str) -> MachineCpu:
    """The first (`cpu`, all cores) line of /proc/stat; idle and iowait count as not busy."""
    fields = [int(value) for value in proc_stat.splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])  # guest time is already inside user time
    return MachineCpu(busy=total - idle, total=total)


def machine_cpu() -> MachineCpu:
    """The machine's CPU counters now."""
    return parse_machine_cpu((PROC / "stat").read_text())


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages."""
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)
