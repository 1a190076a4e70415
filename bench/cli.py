"""The quiz CLI on a hostile 50 MB input: wall time and peak memory.

The CLI reads at most 1 MB and refuses the rest, so the figures should stay those of a normal
run however large the input. Peak memory is the child's maximum resident set size, read from
a fresh wrapper process so no earlier child of the benchmark counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.site import ROOT

SIZE_MB = 50

WRAPPER = """
import resource, subprocess, sys, time
started = time.monotonic()
result = subprocess.run([sys.executable, "-m", "quiz", "assess", sys.argv[1]], capture_output=True, cwd=sys.argv[2])
elapsed = time.monotonic() - started
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{result.returncode} {elapsed:.3f} {peak_kb} {len(result.stderr)}")
"""


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        path = Path(tmp) / "answers.json"
        with path.open("w", encoding="utf-8") as handle:
            handle.write('{"pad": "')
            handle.write("x" * (SIZE_MB * 1_000_000))
            handle.write('"}')
        out = subprocess.run(
            [sys.executable, "-c", WRAPPER, str(path), str(ROOT)], capture_output=True, text=True, check=True
        ).stdout.split()
    code, seconds, peak_kb, stderr_bytes = int(out[0]), float(out[1]), int(out[2]), int(out[3])
    print(f"  quiz CLI, {SIZE_MB} MB input: exit {code}, {seconds:.2f} s, peak {peak_kb / 1024:.0f} MiB", flush=True)
    return {"input_mb": SIZE_MB, "exit": code, "seconds": seconds, "peak_mib": round(peak_kb / 1024, 1),
            "stderr_bytes": stderr_bytes}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(run()))
