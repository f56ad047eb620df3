"""Run one command and write its usage as JSON: python benchmarks/launch.py RESULT.json COMMAND...

The benchmark measures every process through this small launcher, not straight from its own (large)
process: Linux carries a parent's peak resident memory into a forked child's ru_maxrss across exec, so
a child forked from the benchmark would report the benchmark's own peak. Forked from this launcher it
starts from a few MiB, below any Python process. CPU is user + system of the command and every child it
waited for (wait4); wall time is taken here, around the command alone.
"""

import json
import os
import subprocess
import sys
import time


def main() -> None:
    result, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as out:
        json.dump({"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss_kib": usage.ru_maxrss, "code": code}, out)


if __name__ == "__main__":
    main()
