"""The benchmark harness (`make bench`). See README.md, "Performance".

    .venv/bin/python bench/run.py [--quick] [--db sqlite|postgresql|both] [--duration S] [--only NAME,…]

Builds (or reuses) the bench dataset of both databases side by side (seed_demo --scale 100; cached in
bench/.cache and rebuilt when a migration file of the project changes). Then, for each database:
captures every scenario's queries in-process (bench/prepare.py); for each scenario starts gunicorn
(2 workers, DEBUG off, CONN_MAX_AGE=600) on 127.0.0.1, drives it with wrk at 32 connections
(throughput) and 4 connections (latency), reads the workers' peak RSS, and does the same against the
floor (bench/floor.py). Results go to bench/results/<date>-<database>.md and .json.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import scenarios

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_DIR = Path("/tmp/msk-bench-pg")
LEVELS = (4, 32)  # latency first: a 32-connection run leaves a backlog that would delay the next level


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("musharaka/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django_env(url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="127.0.0.1,testserver", CONN_MAX_AGE="600",
               SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0", DATABASE_URL=url, PYTHONPATH=str(ROOT),
               API_RATE_LIMITS="off")  # the whole load comes from 127.0.0.1: no API rate limit
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(url: str, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=django_env(url), check=True)


def seed(url: str, scale: int) -> float:
    manage(url, "migrate", "--no-input", "-v", "0")
    started = time.monotonic()
    manage(url, "seed_demo", "--scale", str(scale))
    return time.monotonic() - started


def read_meta(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


# --- databases ------------------------------------------------------------------------------------

def sqlite_database(scale: int) -> tuple[str, dict]:
    db, meta_path = CACHE / "bench.sqlite3", CACHE / "bench.sqlite3.meta.json"
    meta = read_meta(meta_path)
    want = migrations_hash()
    if not db.exists() or meta.get("migrations") != want or meta.get("scale") != scale:
        log(f"building the SQLite dataset (seed_demo --scale {scale}) …")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        seconds = seed(f"sqlite:///{db}", scale)
        meta = {"migrations": want, "scale": scale, "seed_seconds": round(seconds, 1),
                "built": datetime.datetime.now().isoformat(timespec="seconds")}
        meta_path.write_text(json.dumps(meta, indent=1))
        log(f"seeded in {seconds:.0f} s")
    else:
        # Third-party apps' migrations (a task queue table, say) are not in the hash: apply any new ones.
        manage(f"sqlite:///{db}", "migrate", "--no-input", "-v", "0")
    analyze_sqlite(db)
    return f"sqlite:///{db}", meta


def analyze_sqlite(db: Path) -> None:
    """Planner statistics, as the PostgreSQL side gets from ANALYZE after its restore.

    Without sqlite_stat1, SQLite guesses that `status IN (…)` picks a few rows and walks every
    published initiative through that index, ahead of a primary-key lookup of a few ids.
    """
    with sqlite3.connect(db) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            log("ANALYZE on the SQLite dataset …")
            conn.execute("ANALYZE")


def pg_tool(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "postgresql", "postgresql-contrib"], check=True)
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return str(versions[-1] / name)


def postgresql_database(scale: int) -> tuple[str, dict]:
    script = str(ROOT / "scripts" / "pg-cluster")
    subprocess.run([script, "stop", str(PG_DIR)], check=False)
    subprocess.run([script, "start", str(PG_DIR)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([script, "psql", str(PG_DIR), "-q", "-c", "CREATE DATABASE musharaka"], check=True)
    url = subprocess.run([script, "url", str(PG_DIR)], check=True, capture_output=True, text=True).stdout.strip()
    dump, meta_path = CACHE / "bench.pgdump", CACHE / "bench.pgdump.meta.json"
    meta = read_meta(meta_path)
    want = migrations_hash()
    if dump.exists() and meta.get("migrations") == want and meta.get("scale") == scale:
        log("restoring the PostgreSQL dataset from the cached dump …")
        subprocess.run([pg_tool("pg_restore"), "-j", "2", "--no-owner", "-d", url, str(dump)], check=True)
        subprocess.run([script, "psql", str(PG_DIR), "-q", "-d", "musharaka", "-c", "ANALYZE"], check=True)
        manage(url, "migrate", "--no-input", "-v", "0")
    else:
        log(f"building the PostgreSQL dataset (seed_demo --scale {scale}) …")
        seconds = seed(url, scale)
        subprocess.run([script, "psql", str(PG_DIR), "-q", "-d", "musharaka", "-c", "VACUUM ANALYZE"], check=True)
        subprocess.run([pg_tool("pg_dump"), "-Fc", "-f", str(dump), url], check=True)
        meta = {"migrations": want, "scale": scale, "seed_seconds": round(seconds, 1),
                "built": datetime.datetime.now().isoformat(timespec="seconds")}
        meta_path.write_text(json.dumps(meta, indent=1))
        log(f"seeded in {seconds:.0f} s")
    return url, meta


# --- servers and load -----------------------------------------------------------------------------

class Server:
    def __init__(self, app: str, env: dict):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [GUNICORN, app, "-w", "2", "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
             "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn {app} did not start")

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def memory_mb(self, field: str) -> float:
        """The largest value of a /proc/<pid>/status field (kB) over the workers, in MB."""
        peak = 0
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(field + ":"):
                        peak = max(peak, int(line.split()[1]))
            except OSError:
                pass
        return round(peak / 1024, 1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def warm(port: int, spec: dict, headers: dict, times: int = 6) -> None:
    """A few concurrent GETs, so that both workers have loaded their code and opened a connection."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: warm_one(port, spec, headers), range(times)))


def warm_one(port: int, spec: dict, headers: dict) -> None:
    for _ in range(1):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{spec['path']}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
        except OSError:
            pass


def wrk(port: int, spec: dict, method: str, connections: int, duration: int, token: str, cap: int = 0) -> dict:
    env = dict(os.environ, BENCH_METHOD=method, BENCH_BODY=json.dumps(spec["body"]) if spec.get("body") else "",
               BENCH_AUTH=token if spec.get("auth") else "", BENCH_MAX_PER_THREAD=str(cap))
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s",
               "-s", str(BENCH / "report.lua"), f"http://127.0.0.1:{port}{spec['path']}"]
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        return {"error": out[-500:]}
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0,
        "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"] + raw["status"],
        "non_2xx": raw["status"],
        "mb_per_s": round(raw["bytes"] / seconds / 1e6, 2) if seconds else 0,
    }


def measure(app: str, env: dict, spec: dict, method: str, duration: int, token: str, write: bool,
            levels: tuple = LEVELS) -> dict:
    server = Server(app, env)
    try:
        headers = {"Authorization": f"Bearer {token}"} if spec.get("auth") else {}
        warm(server.port, spec, headers)  # loads both workers' code; for a POST, its path's GET
        result = {}
        for connections in levels:
            cap = 100 if write else 0  # writes: at most 2 threads x 100 requests per level
            result[str(connections)] = wrk(server.port, spec, method, connections, duration, token, cap)
        result["peak_rss_mb"] = server.memory_mb("VmHWM")  # peak, with file pages (SQLite's mmap of the database)
        result["anon_rss_mb"] = server.memory_mb("RssAnon")  # heap now: what an export keeps
        return result
    finally:
        server.stop()


# --- the run --------------------------------------------------------------------------------------

def prepare_databases(kinds: list[str], scale: int) -> dict[str, tuple[str, dict]]:
    """Both datasets at once, one per core: on a fresh machine the two seeds are most of the run."""
    builders = {"sqlite": sqlite_database, "postgresql": postgresql_database}
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(kinds)) as pool:
        futures = {kind: pool.submit(builders[kind], scale) for kind in kinds}
        return {kind: future.result() for kind, future in futures.items()}


def run_database(kind: str, args, url: str, meta: dict) -> dict:
    work = CACHE / f"run-{kind}"
    log(f"{kind}: capturing queries in-process …")
    subprocess.run([PY, str(BENCH / "prepare.py"), str(work)], cwd=ROOT, env=django_env(url), check=True)
    ds = json.loads((work / "dataset.json").read_text())
    queries = json.loads((work / "queries.json").read_text())
    app_env = django_env(url)
    floor_env = django_env(url, BENCH_CAPTURE=str(work / "capture.pickle"), BENCH_DATABASE_URL=url)
    rows = []
    for scenario in scenarios.load():
        if args.only and scenario.NAME not in args.only:
            continue
        spec = scenario.request(ds)
        q = queries[scenario.NAME]
        row = {"name": scenario.NAME, "title": scenario.TITLE, "method": scenario.METHOD, "kind": scenario.KIND,
               "path": spec["path"], "status": q["status"], "queries": q["queries"], "bytes": q["bytes"],
               "in_process_ms": q["in_process_ms"], "sql_ms": q["sql_ms"],
               **{name: q[name] for name in ("cold_queries", "cold_sql_ms", "cold_ms") if name in q},
               "p95_target_ms": getattr(scenario, "P95_MS", 50), "streaming": getattr(scenario, "STREAMING", False)}
        if not 200 <= q["status"] < 300:
            row["skipped"] = f"the app answers {q['status']} (endpoint missing?)"
            log(f"{kind}: {scenario.NAME}: skipped, {row['skipped']}")
            rows.append(row)
            continue
        log(f"{kind}: {scenario.NAME}: app …")
        levels = getattr(scenario, "LEVELS", LEVELS)
        row["levels"] = list(levels)
        row["app"] = measure("musharaka.wsgi", app_env, spec, scenario.METHOD, args.duration, ds["token"],
                             scenario.KIND == "write", levels)
        if scenario.KIND == "read" and getattr(scenario, "FLOOR", True):
            log(f"{kind}: {scenario.NAME}: floor …")
            row["floor"] = measure("bench.floor:app", floor_env, spec, "GET", args.duration, "", False, levels)
            top = str(max(levels))
            floor_rps = row["floor"][top].get("rps") or 0
            row["ratio"] = round(row["app"][top].get("rps", 0) / floor_rps, 3) if floor_rps else None
        rows.append(row)
        log(f"{kind}: {scenario.NAME}: {summary_line(row)}")
    return {"database": kind, "dataset": {k: v for k, v in ds.items() if k != "token"}, "seed": meta,
            "duration_s": args.duration, "quick": args.quick, "scenarios": rows,
            "date": datetime.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count()}


def summary_line(row: dict) -> str:
    top = str(max(row["levels"]))
    a = row["app"][top]
    text = f"@{top}: {a.get('rps')} req/s p95 {a.get('p95_ms')} ms errors {a.get('errors')}"
    if "floor" in row:
        text += f" | floor {row['floor'][top].get('rps')} req/s ratio {row['ratio']}"
    return text


def verdict(row: dict) -> str:
    if "skipped" in row:
        return "not measured"
    a = row["app"].get("32")
    misses = [] if a else ["not run at 32 connections"]
    a = a or row["app"][str(max(row["levels"]))]
    if not a.get("requests"):
        misses.append("no request completed within the run")
    if row["kind"] == "read":
        if row.get("ratio") is not None and row["ratio"] < 0.5:
            misses.append("ratio < 0.5")
        if a.get("p95_ms", 1e9) > row["p95_target_ms"]:
            misses.append(f"p95 > {row['p95_target_ms']} ms")
    if any(row["app"][str(level)].get("errors") for level in row["levels"]):
        misses.append("errors")
    if row["streaming"] and row["app"].get("anon_rss_mb", row["app"]["peak_rss_mb"]) >= 200:
        misses.append("worker memory ≥ 200 MB")
    return "met" if not misses else "MISS: " + ", ".join(misses)


def markdown(result: dict) -> str:
    ds, seed_meta = result["dataset"], result["seed"]
    lines = [
        f"# Benchmark {result['date']} — {result['database']}",
        "",
        f"{ds['initiatives']:,} initiatives, {ds['organizations']:,} organisations; gunicorn 2 workers on "
        f"{result['cpus']} CPUs; wrk {result['duration_s']} s per level; seed_demo: {seed_meta.get('seed_seconds')} s"
        f"{' (quick run)' if result['quick'] else ''}.",
        "",
        "| scenario | queries | req/s @32 | p50/p95/p99 ms @32 | errors | p50/p95/p99 ms @4 | floor req/s | ratio "
        "| peak RSS / anon MB | verdict |",
        "|---|---:|---:|---|---:|---|---:|---:|---|---|",
    ]
    for row in result["scenarios"]:
        if "skipped" in row:
            lines.append(f"| {row['name']} | – | – | – | – | – | – | – | – | {row['skipped']} |")
            continue
        a32, a4 = row["app"].get("32", {}), row["app"].get("4", {})
        floor = row.get("floor", {}).get(str(max(row["levels"])), {}).get("rps", "no floor")
        lines.append(
            f"| {row['name']} | {row['queries']} | {a32.get('rps')} | {a32.get('p50_ms')}/{a32.get('p95_ms')}/"
            f"{a32.get('p99_ms')} | {a32.get('errors', 0) + a4.get('errors', 0)} | {a4.get('p50_ms')}/"
            f"{a4.get('p95_ms')}/{a4.get('p99_ms')} | {floor} | {row.get('ratio', '–')} | {row['app']['peak_rss_mb']} / "
            f"{row['app'].get('anon_rss_mb', '–')} "
            f"| {verdict(row)} |")
    lines += ["", "In-process through Django's test client (CaptureQueriesContext): warm, and cold (empty cache, as after a"
              " write; wrk repeats one path, so it measures the warm case):", "",
              "| scenario | status | queries | SQL ms | total ms | cold: queries | SQL ms | total ms | body bytes | path |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {row['name']} | {row['status']} | {row['queries']} | {row['sql_ms']} | {row['in_process_ms']} | "
              f"{row.get('cold_queries', '–')} | {row.get('cold_sql_ms', '–')} | {row.get('cold_ms', '–')} | "
              f"{row['bytes']:,} | `{row['path']}` |" for row in result["scenarios"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short smoke run (2 s per level)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=int, default=None, help="seconds of wrk per scenario and level (10)")
    parser.add_argument("--scale", type=int, default=100, help="seed_demo --scale of the dataset (100)")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    args.duration = args.duration or (2 if args.quick else 10)
    args.only = {x for x in args.only.split(",") if x}
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "wrk"], check=True)
    CACHE.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    try:
        databases = prepare_databases(kinds, args.scale)
        for kind in kinds:
            result = run_database(kind, args, *databases[kind])
            # A quick or partial run never overwrites the day's full report.
            suffix = ("-quick" if args.quick else "") + ("-partial" if args.only else "")
            stem = RESULTS / f"{datetime.date.today().isoformat()}-{kind}{suffix}"
            stem.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
            stem.with_suffix(".md").write_text(markdown(result))
            log(f"wrote {stem}.md and .json")
            print(markdown(result))
    finally:
        if "postgresql" in kinds:
            subprocess.run([str(ROOT / "scripts" / "pg-cluster"), "stop", str(PG_DIR)], check=False)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
