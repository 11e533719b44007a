"""Prints the README's Performance table from the latest bench/results/*-sqlite.json and *-postgresql.json.

    .venv/bin/python bench/table.py
"""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def latest(database: str) -> dict | None:
    files = sorted(p for p in RESULTS.glob(f"*-{database}.json"))
    return json.loads(files[-1].read_text()) if files else None


def cell(row: dict | None) -> str:
    if row is None:
        return "not run"
    if "skipped" in row:
        return row["skipped"]
    level = "32" if "32" in row["app"] else str(max(row["levels"]))
    a = row["app"][level]
    if not a.get("requests"):
        return "no request completed in the run (MISS)"
    text = f"{a['rps']} req/s, p95 {a['p95_ms']:.0f} ms"
    if level != "32":
        text += f" (@{level})"
    if row.get("ratio") is not None:
        text += f", floor ×{row['ratio']:.2f}"
    errors = sum(row["app"][str(x)].get("errors", 0) for x in row["levels"])
    text += f", {errors} errors"
    if row["streaming"]:
        text += f", {row['app'].get('anon_rss_mb', row['app']['peak_rss_mb'])} MB"
    return text


def main() -> None:
    runs = {db: latest(db) for db in ("sqlite", "postgresql")}
    names, rows = [], {}
    for db, run in runs.items():
        for row in (run or {}).get("scenarios", []):
            if row["name"] not in names:
                names.append(row["name"])
            rows[(db, row["name"])] = row
    print("| scenario | queries | target | SQLite | PostgreSQL |")
    print("|---|---:|---|---|---|")
    for name in names:
        any_row = rows.get(("sqlite", name)) or rows.get(("postgresql", name))
        if any_row["kind"] == "write":
            target = "zero errors"
        else:
            target = f"≥ 0.5 × floor, p95 ≤ {any_row['p95_target_ms']} ms, 0 errors"
            if any_row["streaming"]:
                target += ", < 200 MB"
        print(f"| {name} | {any_row['queries']} | {target} | {cell(rows.get(('sqlite', name)))} "
              f"| {cell(rows.get(('postgresql', name)))} |")
    for db, run in runs.items():
        if run:
            print(f"\n{db}: {run['date']}, seed_demo --scale 100 took {run['seed'].get('seed_seconds')} s")


if __name__ == "__main__":
    main()
