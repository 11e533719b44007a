"""Prints the README's Performance table from the latest full bench/results/*-sqlite.json and
*-postgresql.json (quick, partial and small-scale runs are left out unless --any is given).

    .venv/bin/python bench/table.py [--any]
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets

RESULTS = Path(__file__).resolve().parent / "results"


def latest(database: str, any_run: bool) -> tuple[dict, str] | tuple[None, None]:
    files = sorted(RESULTS.glob(f"*-{database}*.json"))
    if not any_run:
        files = [p for p in files if p.stem.endswith(f"-{database}")]
    return (json.loads(files[-1].read_text()), files[-1].stem) if files else (None, None)


def cell(row: dict | None) -> str:
    if row is None:
        return "not run"
    if "skipped" in row:
        return targets.verdict(row)
    level = "32" if "32" in row["app"] else str(max(row["levels"]))
    a = row["app"][level]
    if not a.get("requests"):
        return "no request completed in the run (MISSED)"
    text = f"{a['rps']} req/s, p95 {a['p95_ms']:.0f} ms"
    if level != "32":
        text += f" (@{level})"
    if targets.group_of(row) == "page" and row.get("in_process_ms") is not None:
        text += f", warm {row['in_process_ms']} ms"
    if row.get("ratio") is not None:
        text += f", data floor ×{row['ratio']:.2f}"
    if row.get("page_ratio") is not None:
        text += f", page floor ×{row['page_ratio']:.2f}"
    if targets.group_of(row) in ("csv", "iati", "xlsx"):
        text += f", worker {row['in_process_ms'] / 1000:.2f} s (SQL {row['sql_ms'] / 1000:.2f} s)"
    if "writes" in row:
        w = row["writes"]
        text += f"; {w['count']} writes, p95 {w['p95_ms']} ms"
    errors = sum(row["app"][str(x)].get("errors", 0) for x in row["levels"]) + row.get("writes", {}).get("errors", 0)
    text += f", {errors} errors"
    if row.get("streaming"):
        text += f", {row['app'].get('anon_rss_mb', row['app']['peak_rss_mb'])} MB"
    if row["app"].get("flame_graph"):
        text += f" ([flame graph](bench/results/{row['app']['flame_graph']}))"
    verdict = targets.verdict(row)
    return text + (" — met" if verdict == "met" else " — " + verdict)


def main() -> None:
    any_run = "--any" in sys.argv
    runs = {db: latest(db, any_run) for db in ("sqlite", "postgresql")}
    names, rows = [], {}
    for db, (run, _) in runs.items():
        for row in (run or {}).get("scenarios", []):
            if row["name"] not in names:
                names.append(row["name"])
            rows[(db, row["name"])] = row
    print("| scenario | paths | target | SQLite | PostgreSQL |")
    print("|---|---:|---|---|---|")
    for name in names:
        any_row = rows.get(("sqlite", name)) or rows.get(("postgresql", name))
        target = targets.TARGETS.get(targets.group_of(any_row), "")
        print(f"| {name} | {any_row.get('paths', 1)} | {target} | {cell(rows.get(('sqlite', name)))} "
              f"| {cell(rows.get(('postgresql', name)))} |")
    after = {db: (run or {}).get("after_write") for db, (run, _) in runs.items()}
    if any(after.values()):
        verdicts = {db: {name: (ms, ok) for name, _, ms, _, ok in targets.after_write_verdicts(a or {})}
                    for db, a in after.items()}
        for name, target in targets.AFTER_WRITE_MS.items():
            cells = []
            for db in ("sqlite", "postgresql"):
                ms, ok = verdicts[db].get(name, (None, "not measured"))
                cells.append(f"{ms} ms — {ok.lower() if ok == 'met' else ok}" if ms is not None else ok)
            print(f"| {name} right after a write (in-process) | 1 | ≤ {target} ms | {cells[0]} | {cells[1]} |")
    for db, (run, stem) in runs.items():
        if run:
            print(f"\n{db} (`bench/results/{stem}.md`): {run['date']}, seed_demo --scale {run.get('scale', 100)} "
                  f"took {run['seed'].get('seed_seconds')} s, cache: {run.get('cache', 'local memory')}")


if __name__ == "__main__":
    main()
