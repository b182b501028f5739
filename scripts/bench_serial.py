"""Where the CPU of a `normalize clean --jobs N` run goes: the main process alone, and every process it forks.

Runs ``normalize clean CORPUS --out TMP --jobs N`` (the code of the current folder) once per
``--jobs`` value given and reads ``/proc`` every tenth of a second: the CPU seconds of the main
process and of each process forked from it (the workers, discovery's forked processes).  It
prints, per run, the wall time, each process's CPU, and the **serial CPU**: what the main process
spent while no other process of the run used CPU (start-up before the workers fork, the parts of
the end phase done in one process).  That is the part a second core cannot shorten; CPU seconds,
not wall time, so the figure holds on a machine shared with other work.

    python scripts/bench_serial.py [--corpus ../bench-corpus] [--jobs 1,2] [--interval 0.1]

Linux only (``/proc``).  Each line of the timeline is a second: main's CPU / the others'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
Snapshot = dict[int, float]  # pid -> CPU seconds so far


def cpu_of_tree(root: int) -> Snapshot:
    """The CPU seconds (user and system) of process ``root`` and of every process whose parent it is."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # ended meanwhile
                continue
            if int(entry) == root or int(fields[1]) == root:
                found[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    return found


def serial_seconds(timeline: list[Snapshot], main: int) -> float:
    """The CPU seconds ``main`` spent in the intervals of ``timeline`` in which no other process used CPU.

    >>> serial_seconds([{1: 0.0}, {1: 0.5}, {1: 0.6, 2: 0.4}, {1: 0.7, 2: 0.4}], main=1)
    0.6
    """
    serial, before = 0.0, {}
    for snapshot in timeline:
        others_busy = any(cpu > before.get(pid, 0.0) for pid, cpu in snapshot.items() if pid != main)
        if not others_busy:
            serial += snapshot.get(main, 0.0) - before.get(main, 0.0)
        before = {**before, **snapshot}
    return round(serial, 2)


def per_second(timeline: list[tuple[float, Snapshot]], main: int) -> list[tuple[float, float]]:
    """(main's CPU, the others' CPU) in each second of ``timeline`` ((time, snapshot) pairs).

    >>> per_second([(0.5, {1: 0.4}), (1.2, {1: 0.6, 2: 0.5}), (1.9, {1: 0.6, 2: 1.1})], main=1)
    [(0.4, 0.0), (0.2, 1.1)]
    """
    seconds: list[list[float]] = []
    before: Snapshot = {}
    for at, snapshot in timeline:
        while len(seconds) <= int(at):
            seconds.append([0.0, 0.0])
        for pid, cpu in snapshot.items():
            seconds[int(at)][pid != main] += cpu - before.get(pid, 0.0)
        before = {**before, **snapshot}
    return [(round(mine, 2), round(others, 2)) for mine, others in seconds]


def measure(corpus: Path, jobs: int, interval: float) -> None:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "normalize.cli", "clean", str(corpus), "--out", f"{out}/out", "--jobs", str(jobs)]
        start = time.perf_counter()
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        timeline, last = [], {}
        while run.poll() is None:
            snapshot = cpu_of_tree(run.pid)
            timeline.append((time.perf_counter() - start, snapshot))
            last.update(snapshot)
            time.sleep(interval)
        wall = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"normalize clean --jobs {jobs} failed ({run.returncode})")
    others = sorted(cpu for pid, cpu in last.items() if pid != run.pid)
    print(f"--jobs {jobs}: wall {wall:.2f} s; main CPU {last.get(run.pid, 0):.2f} s, serial CPU "
          f"{serial_seconds([s for _, s in timeline], run.pid):.2f} s; the others' CPU {[round(c, 2) for c in others]}")
    print("  per second (main/others):", " ".join(f"{m:.1f}/{o:.1f}" for m, o in per_second(timeline, run.pid)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "bench-corpus")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values, one run each")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between readings of /proc")
    args = parser.parse_args()
    for jobs in map(int, args.jobs.split(",")):
        measure(args.corpus, jobs, args.interval)


if __name__ == "__main__":
    main()
