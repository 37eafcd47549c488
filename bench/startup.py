"""Start-up time of the command line, beside the cost of importing pyarrow and pydantic.

Run from the project's environment::

    python bench/startup.py            # 15 fresh processes per command
    python bench/startup.py --runs 31

Each command runs in a fresh subprocess, N times, interleaved (one of each per round) so that
drift on a busy machine hits all of them alike; the script prints the median wall time of each
and the ratios to the import baseline, all measured in the same run. Times on a 2-core machine
vary ±20-40% between runs: compare the ratios, not the absolute figures. The target is
``conciliazione --help`` under half of the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _script() -> str:
    bindir = Path(sys.executable).parent
    path = bindir / ("conciliazione.exe" if os.name == "nt" else "conciliazione")
    if not path.exists():
        sys.exit(f"the conciliazione entry point is not installed next to {sys.executable}")
    return str(path)


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command")
    args = parser.parse_args()

    script = _script()
    commands = {
        "conciliazione --help": [script, "--help"],
        "conciliazione plugins": [script, "plugins"],
        "import pyarrow.parquet, pydantic": [
            sys.executable,
            "-c",
            "import pyarrow.parquet, pydantic",
        ],
    }
    for command in commands.values():  # warm the file-system cache and .pyc files
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_time(command))

    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["import pyarrow.parquet, pydantic"]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs each")
    print(f"{'command':<36}{'median':>10}{'÷ baseline':>13}")
    for name, median in medians.items():
        print(f"{name:<36}{median * 1000:>8.0f}ms{median / baseline:>13.2f}")
    ratio = medians["conciliazione --help"] / baseline
    verdict = "met" if ratio < 0.5 else "NOT met"
    print(f"target: --help under half of the import baseline: {ratio:.2f} ({verdict})")


if __name__ == "__main__":
    main()
