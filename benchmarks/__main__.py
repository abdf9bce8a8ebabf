"""Run the benchmarks, print one JSON line each, append a table to benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import importlib
import sys

from benchmarks.common import ROOT, Result, machine

BENCHMARKS = (
    "startup",
    "catalogue_import",
    "filter_keystroke",
    "edit_roundtrip",
    "edit_during_pull",
    "figures",
    "kennzahlen_repaint",
    "sync_initial",
    "sync_bytes",
    "server_load",
    "pdf_documents",
)
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADER = "# Benchmark-Ergebnisse\n\nAngehängt von `python3 dev.py bench`; neueste unten.\n"


def main(names: list[str]) -> int:
    selected = names or list(BENCHMARKS)
    unknown = set(selected) - set(BENCHMARKS)
    if unknown:
        print(f"Unbekannte Benchmarks: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    results: list[Result] = []
    for name in selected:
        module = importlib.import_module(f"benchmarks.{name}")
        outcome = module.run()  # one Result, or several (sync_bytes: idle and edit)
        for result in outcome if isinstance(outcome, tuple) else (outcome,):
            print(result.json_line(), flush=True)
            results.append(result)
    append_results(results)
    return 0 if all(result.passed for result in results) else 1


def append_results(results: list[Result]) -> None:
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"\n## {when}\n",
        f"Rechner: {machine()}\n",
        "| Benchmark | Wert | Ziel | Vergleichswert | Verhältnis | erfüllt | Hinweis |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        targets = []
        if result.target is not None:
            targets.append(f"≤ {result.target} {result.unit}")
        if result.ratio_target is not None:
            targets.append(f"Verhältnis ≤ {result.ratio_target}")
        target = ", ".join(targets) or "kein Ziel"
        verdict = ("ja" if result.passed else "NEIN") if targets else "–"
        baseline = f"{result.baseline} {result.unit}" if result.baseline is not None else ""
        lines.append(
            f"| {result.name} | {result.value} {result.unit} | {target} | {baseline} | "
            f"{result.ratio if result.ratio is not None else ''} | "
            f"{verdict} | {result.note} |"
        )
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    RESULTS.write_text(existing + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
