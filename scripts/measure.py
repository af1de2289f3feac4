#!/usr/bin/env python3
"""Runs a command RUNS times and prints its wall time, CPU time and peak RSS.

    scripts/measure.py RUNS COMMAND [ARG...]

Prints one line: `median_wall min_wall median_cpu max_rss_kib exit_code` (seconds with
microsecond resolution; cpu = user + sys of the command and its children; RSS from wait4).
Wall time is taken with a monotonic clock around fork/exec/wait, so runs of a few
milliseconds are measured correctly (GNU time's %e has a 10 ms resolution). stdout and
stderr of the command go to /dev/null.

The peak RSS is the kernel's ru_maxrss of the child, which counts the moments between the
spawn and the exec too: values up to this Python process's own RSS (about 10-14 MB) are a
floor, not the command's.
"""
import os
import statistics
import sys
import time


def once(argv):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.posix_spawnp(
        argv[0],
        argv,
        os.environ,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ],
    )
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, code


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: measure.py RUNS COMMAND [ARG...]")
    runs = int(sys.argv[1])
    argv = sys.argv[2:]
    walls, cpus, rss, codes = [], [], [], set()
    for _ in range(runs):
        w, c, r, code = once(argv)
        walls.append(w)
        cpus.append(c)
        rss.append(r)
        codes.add(code)
    print(
        f"{statistics.median(walls):.4f} {min(walls):.4f} "
        f"{statistics.median(cpus):.4f} {max(rss)} {max(codes)}"
    )


if __name__ == "__main__":
    main()
