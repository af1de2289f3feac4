#!/usr/bin/env python3
"""Runs a command RUNS times and prints its wall time, CPU time and peak RSS.

    scripts/measure.py RUNS COMMAND [ARG...] [::: RUNS COMMAND [ARG...]]...

Prints one line per command: `median_wall min_wall median_cpu max_rss_kib exit_code` (seconds
with microsecond resolution; cpu = user + sys of the command and its children; RSS from wait4).
Several commands (separated by `:::`) are measured in interleaved rounds, as many rounds as the
smallest RUNS, each command running its share of its runs in every round: a machine that gets
faster or slower during the measurement affects every command alike, so their ratio holds.
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
    args = sys.argv[1:]
    specs = []
    while args:
        cut = args.index(":::") if ":::" in args else len(args)
        spec, args = args[:cut], args[cut + 1 :]
        if len(spec) < 2 or not spec[0].isdigit() or int(spec[0]) < 1:
            sys.exit("usage: measure.py RUNS COMMAND [ARG...] [::: RUNS COMMAND [ARG...]]...")
        specs.append((int(spec[0]), spec[1:]))
    if not specs:
        sys.exit("usage: measure.py RUNS COMMAND [ARG...] [::: RUNS COMMAND [ARG...]]...")
    rounds = min(runs for runs, _ in specs)
    results = [([], [], [], set()) for _ in specs]
    for r in range(rounds):
        for (runs, argv), (walls, cpus, rss, codes) in zip(specs, results):
            # This command's runs spread evenly over the rounds.
            share = runs * (r + 1) // rounds - runs * r // rounds
            for _ in range(share):
                w, c, m, code = once(argv)
                walls.append(w)
                cpus.append(c)
                rss.append(m)
                codes.add(code)
    for walls, cpus, rss, codes in results:
        print(
            f"{statistics.median(walls):.4f} {min(walls):.4f} "
            f"{statistics.median(cpus):.4f} {max(rss)} {max(codes)}"
        )


if __name__ == "__main__":
    main()
