"""Shared benchmark helpers: timing, machine description, the result line."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"


@dataclass
class Result:
    """One benchmark outcome. `baseline` is the floor measured in the same run and `ratio` is
    value / baseline; `passed` compares the value with `target` and the ratio with
    `ratio_target` (None: recorded without a target)."""

    name: str
    value: float
    unit: str
    target: float | None
    baseline: float | None = None
    ratio: float | None = None
    ratio_target: float | None = None
    note: str = ""

    @property
    def passed(self) -> bool:
        value_ok = self.target is None or self.value <= self.target
        ratio_ok = self.ratio_target is None or (
            self.ratio is not None and self.ratio <= self.ratio_target
        )
        return value_ok and ratio_ok

    def json_line(self) -> str:
        data = {
            key: value for key, value in asdict(self).items() if value is not None and value != ""
        }
        return json.dumps(data, ensure_ascii=False)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run_python(code_or_args: list[str]) -> None:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    subprocess.run(
        [sys.executable, *code_or_args],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
