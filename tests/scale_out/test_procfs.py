"""Reading /proc: CPU time, memory and the machine's busy share."""

from __future__ import annotations

import os

from benchmarks.scale_out import procfs


def test_stat_fields_are_counted_after_a_command_name_with_spaces_and_parentheses() -> None:
    fields = ["S", "41"] + ["0"] * 9 + [str(3 * procfs.CLOCK_TICKS), str(procfs.CLOCK_TICKS)]
    line = "1234 (odd) name (x)) " + " ".join([*fields, "20", "0"])

    parent, cpu_s = procfs.parse_stat(line)

    assert parent == 41
    assert cpu_s == 4.0


def test_resident_memory_is_read_in_bytes() -> None:
    status = "Name:\tpython\nVmPeak:\t  9000 kB\nVmRSS:\t  2048 kB\nThreads:\t4\n"

    assert procfs.parse_rss(status) == 2048 * 1024
    assert procfs.parse_rss("Name:\tkthreadd\n") == 0


def test_the_busy_share_leaves_out_idle_and_iowait() -> None:
    # user nice system idle iowait irq softirq steal guest guest_nice
    earlier = procfs.parse_machine_cpu("cpu  100 0 50 800 50 0 0 0 7 0\ncpu0 1 2 3 4\n")
    later = procfs.parse_machine_cpu("cpu  160 0 70 860 60 0 0 0 9 0\n")

    assert later.busy_share_since(earlier) == 80 / 150
    assert earlier.busy_share_since(earlier) == 0.0


def test_this_process_can_be_read_and_a_missing_one_cannot() -> None:
    reading = procfs.sample(os.getpid())

    assert reading is not None
    assert reading.rss_bytes > 0
    assert reading.open_files >= 3
    assert os.getpid() in procfs.children(os.getppid())
    assert procfs.sample(2**22 + 1) is None
