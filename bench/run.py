"""The benchmark harness (`make bench`). See README.md, "Performance".

    .venv/bin/python bench/run.py [--quick] [--db sqlite|postgresql|both] [--scale N] [--duration S]
                                  [--only NAME,…] [--no-flame]

Builds (or reuses) the bench dataset of both databases side by side (seed_demo --scale 100; cached in
bench/.cache and rebuilt when a migration file of the project changes). Then, for each database (the
PostgreSQL one with a throwaway Redis as its cache, as in production): picks each read scenario's path
mix and captures a sample of its queries and page templates in-process (bench/prepare.py); for each
scenario starts gunicorn (2 workers, DEBUG off, CONN_MAX_AGE=600) on 127.0.0.1, drives it with wrk
cycling through the path mix at 4 connections (latency) and 32 connections (throughput, with a py-spy
flame graph of the workers), reads the workers' peak RSS, and runs the data floor and (pages) the page
floor (bench/floor.py) at 32 connections; then the mixed scenario (path-mix reads at 32 connections
while an API write lands every 100 ms). Results go to bench/results/<date>-<database>.md, .json and
-<scenario>.svg; quick, partial and small-scale runs carry that in their names and are not committed.
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
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import scenarios
import targets

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRITES_MAX = 2000  # the mixed scenario's writes, whatever the duration
# Throwaway servers of this run (a fresh directory each: other runs on the machine keep theirs).
PG_DIR = Path(tempfile.gettempdir()) / f"msk-bench-pg-{os.getpid()}"
REDIS_DIR = Path(tempfile.gettempdir()) / f"msk-bench-redis-{os.getpid()}"
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

def cache_name(scale: int) -> str:
    """The full-scale dataset keeps its name; another scale has its own (a quick check does not evict it)."""
    return "bench" if scale == 100 else f"bench-scale{scale}"


def sqlite_database(scale: int) -> tuple[str, dict]:
    db = CACHE / f"{cache_name(scale)}.sqlite3"
    meta_path = db.with_name(db.name + ".meta.json")
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
    pg_tool("pg_ctl")  # installs the server on a fresh machine before pg-cluster looks for it
    subprocess.run([script, "start", str(PG_DIR)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([script, "psql", str(PG_DIR), "-q", "-c", "CREATE DATABASE musharaka"], check=True)
    url = subprocess.run([script, "url", str(PG_DIR)], check=True, capture_output=True, text=True).stdout.strip()
    dump = CACHE / f"{cache_name(scale)}.pgdump"
    meta_path = dump.with_name(dump.name + ".meta.json")
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

def redis_start() -> str:
    script = str(ROOT / "scripts" / "redis-server")
    subprocess.run([script, "start", str(REDIS_DIR)], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run([script, "url", str(REDIS_DIR)], check=True, capture_output=True, text=True).stdout.strip()


def redis_flush(url: str) -> None:
    """FLUSHALL before each server: every scenario starts from an empty cache, as with the local one."""
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"*1\r\n$8\r\nFLUSHALL\r\n")
        if not s.recv(64).startswith(b"+OK"):
            raise RuntimeError("Redis did not flush")


class Server:
    def __init__(self, app: str, env: dict):
        if env.get("REDIS_URL"):
            redis_flush(env["REDIS_URL"])
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


def fetch(port: int, path: str, headers: dict, method: str = "GET", body: bytes | None = None,
          timeout: float = 60) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers, method=method, data=body)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def warm(port: int, paths: list[str], headers: dict, times: int = 6) -> None:
    """A few concurrent GETs, so that both workers have loaded their code and opened a connection."""
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda i: fetch(port, paths[i % len(paths)], headers), range(times)))


def wrk(port: int, spec: dict, method: str, connections: int, duration: int, token: str, cap: int = 0,
        paths_file: Path | None = None) -> dict:
    env = dict(os.environ, BENCH_METHOD=method, BENCH_BODY=json.dumps(spec["body"]) if spec.get("body") else "",
               BENCH_AUTH=token if spec.get("auth") else "", BENCH_MAX_PER_THREAD=str(cap),
               BENCH_SESSION=spec.get("session", ""),
               BENCH_PATHS=str(paths_file) if paths_file else "")
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
        "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"] + raw["status"],
        "non_2xx": raw["status"],
        "mb_per_s": round(raw["bytes"] / seconds / 1e6, 2) if seconds else 0,
    }


def flame(server: Server, svg: Path | None, duration: int) -> subprocess.Popen | None:
    """py-spy on the workers (through the master, --subprocesses) during the 32-connection run."""
    spy = ROOT / ".venv" / "bin" / "py-spy"
    if svg is None or not spy.exists():
        return None
    return subprocess.Popen(
        [str(spy), "record", "--pid", str(server.proc.pid), "--subprocesses", "--format", "flamegraph",
         "--rate", "50", "--nonblocking", "--duration", str(duration), "-o", str(svg)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def flame_done(spy: subprocess.Popen | None, svg: Path | None) -> str | None:
    if spy is None or svg is None:
        return None
    try:
        _, err = spy.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait()
        return None
    if svg.exists():
        return svg.name
    log(f"py-spy wrote no flame graph: {err.strip()[-300:]}")
    return None


def measure(app: str, env: dict, spec: dict, method: str, duration: int, token: str, write: bool,
            levels: tuple = LEVELS, paths_file: Path | None = None, svg: Path | None = None,
            once: bool = False) -> dict:
    server = Server(app, env)
    try:
        headers = {"Authorization": f"Bearer {token}"} if spec.get("auth") else {}
        if spec.get("session") and app == "musharaka.wsgi":  # awards (issue #13): signed-in people's pages
            # The sessions again, into this server's store (the PostgreSQL run's Redis was just flushed).
            subprocess.run([PY, str(BENCH / "sessions.py"), str(paths_file or "")], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            headers = {"Cookie": f"sessionid={spec['session']}"}
        lines = paths_file.read_text().splitlines() if paths_file else []
        paths = [line.split()[0] for line in lines if line.strip()] or [spec["path"]]  # "path token" lines too
        warm(server.port, paths, headers)  # loads both workers' code; for a POST, its path's GET
        result = {}
        for number, connections in enumerate(levels):
            cap = 100 if write else 0  # writes: at most 2 threads x 100 requests per level
            level_file = paths_file
            if once and paths_file:  # each line sent once: every level has its own part of the mix
                part = len(lines) // len(levels)
                level_file = paths_file.with_name(f"{paths_file.stem}-{connections}.txt")
                level_file.write_text("\n".join(lines[number * part:(number + 1) * part]) + "\n")
            spy = flame(server, svg, duration) if connections == max(levels) else None
            result[str(connections)] = wrk(server.port, spec, method, connections, duration, token, cap, level_file)
            graph = flame_done(spy, svg)
            if graph:
                result["flame_graph"] = graph
        result["peak_rss_mb"] = server.memory_mb("VmHWM")  # peak, with file pages (SQLite's mmap of the database)
        result["anon_rss_mb"] = server.memory_mb("RssAnon")  # heap now: what an export keeps
        return result
    finally:
        server.stop()


class Writer(threading.Thread):
    """An API write every `interval` seconds (alternately a create and an edit of a published
    initiative of the editor's organisation), each timed. Writes start on the clock, not after the
    previous one returns (a write queued behind 32 reads takes far longer than 100 ms), with at most
    WRITERS in flight; stops when told or after WRITES_MAX."""

    WRITERS = 16

    def __init__(self, port: int, ds: dict, create_body: dict, interval: float):
        super().__init__(daemon=True)
        self.port, self.ds, self.create_body, self.interval = port, ds, create_body, interval
        self.halt = threading.Event()
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.statuses: dict[int, int] = {}
        self.skipped = 0  # ticks with WRITERS writes still in flight

    def write(self, i: int) -> None:
        headers = {"Authorization": f"Bearer {self.ds['token']}", "Content-Type": "application/json"}
        edits = self.ds.get("edits") or []
        if i % 2 == 0 or not edits:
            path, method, body = "/api/v1/initiatives", "POST", self.create_body
        else:
            target = edits[(i // 2) % len(edits)]
            path, method = f"/api/v1/initiatives/{target['id']}", "PATCH"
            body = {"summary_ar": target["summary_ar"] + (" (قياس)" if i % 4 == 1 else "")}
        started = time.monotonic()
        status = fetch(self.port, path, headers, method, json.dumps(body).encode(), timeout=30)
        with self.lock:
            self.times.append((time.monotonic() - started) * 1000)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self) -> None:
        in_flight = threading.BoundedSemaphore(self.WRITERS)

        def one(i: int) -> None:
            try:
                self.write(i)
            finally:
                in_flight.release()

        threads = []
        tick = time.monotonic()
        for i in range(WRITES_MAX):
            if self.halt.is_set():
                break
            if in_flight.acquire(blocking=False):
                thread = threading.Thread(target=one, args=(i,), daemon=True)
                thread.start()
                threads.append(thread)
            else:
                self.skipped += 1
            tick += self.interval
            self.halt.wait(max(0.0, tick - time.monotonic()))
        for thread in threads:
            thread.join(timeout=60)
        headers = {"Authorization": f"Bearer {self.ds['token']}", "Content-Type": "application/json"}
        for target in self.ds.get("edits") or []:  # leave the edited summaries as they were
            fetch(self.port, f"/api/v1/initiatives/{target['id']}", headers, "PATCH",
                  json.dumps({"summary_ar": target["summary_ar"]}).encode(), timeout=30)

    def summary(self) -> dict:
        times = sorted(self.times)
        errors = sum(n for status, n in self.statuses.items() if not 200 <= status < 300)
        pick = (lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 1)) if times else (lambda q: None)
        return {"count": len(times), "errors": errors, "statuses": {str(k): v for k, v in self.statuses.items()},
                "skipped_ticks": self.skipped,
                "p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": round(times[-1], 1) if times else None,
                "per_s": None}


def measure_mixed(env: dict, spec: dict, ds: dict, create_body: dict, interval: float, duration: int,
                  paths_file: Path, svg: Path | None) -> dict:
    server = Server("musharaka.wsgi", env)
    try:
        warm(server.port, paths_file.read_text().split(), {})
        writer = Writer(server.port, ds, create_body, interval)
        spy = flame(server, svg, duration)
        started = time.monotonic()
        writer.start()
        reads = wrk(server.port, spec, "GET", 32, duration, "", 0, paths_file)
        writer.halt.set()
        writer.join(timeout=60)
        elapsed = time.monotonic() - started
        result = {"32": reads, "writes": writer.summary()}
        result["writes"]["per_s"] = round(result["writes"]["count"] / elapsed, 1) if elapsed else None
        graph = flame_done(spy, svg)
        if graph:
            result["flame_graph"] = graph
        result["peak_rss_mb"] = server.memory_mb("VmHWM")
        result["anon_rss_mb"] = server.memory_mb("RssAnon")
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


def stem_of(kind: str, args) -> Path:
    # A quick, partial or small-scale run never overwrites the day's full report (and is not committed).
    suffix = ("-quick" if args.quick else "") + ("-partial" if args.only else "") + (
        f"-scale{args.scale}" if args.scale != 100 else "")
    return RESULTS / f"{datetime.date.today().isoformat()}-{kind}{suffix}"


def run_database(kind: str, args, url: str, meta: dict, redis_url: str = "") -> dict:
    work = CACHE / f"run-{kind}"
    shutil.rmtree(work, ignore_errors=True)
    extra = {"REDIS_URL": redis_url} if redis_url else {}
    log(f"{kind}: path mixes and in-process capture{' (cache: Redis)' if redis_url else ''} …")
    only = {"BENCH_ONLY": ",".join(sorted(args.only))} if args.only else {}  # capture only those
    subprocess.run([PY, str(BENCH / "prepare.py"), str(work)], cwd=ROOT, env=django_env(url, **extra, **only),
                   check=True)
    ds = json.loads((work / "dataset.json").read_text())
    queries = json.loads((work / "queries.json").read_text())
    after = json.loads((work / "after_write.json").read_text())
    app_env = django_env(url, **extra)
    floor_env = django_env(url, BENCH_CAPTURE=str(work / "capture.pickle"), BENCH_DATABASE_URL=url)
    page_env = dict(floor_env, BENCH_PAGES=str(work / "pages.pickle"))
    stem = stem_of(kind, args)
    rows = []
    all_scenarios = scenarios.load()
    for scenario in all_scenarios:
        if args.only and scenario.NAME not in args.only:
            continue
        spec = scenario.request(ds)
        group = getattr(scenario, "GROUP", "api" if scenario.KIND == "read" else "write")
        svg = None if args.no_flame else stem.with_name(f"{stem.name}-{scenario.NAME}.svg")
        paths_file = work / f"paths-{scenario.NAME}.txt"
        if scenario.KIND == "mixed":
            rows.append(run_mixed(kind, scenario, all_scenarios, ds, work, app_env, args, svg))
            continue
        q = queries[scenario.NAME]
        row = {"name": scenario.NAME, "title": scenario.TITLE, "method": scenario.METHOD, "kind": scenario.KIND,
               "group": group, "html": getattr(scenario, "HTML", False),
               "streaming": getattr(scenario, "STREAMING", False), **q}
        if group == "csv":
            row["rows"] = ds.get("csv_count")
        note = getattr(scenario, "BACKGROUND_NOTE", None)
        if note and q["status"] in (202, 302, 303, 404, 405):
            row["skipped"] = note.format(status=q["status"])
        elif not 200 <= q["status"] < 300:
            row["skipped"] = f"the app answers {q['status']} (endpoint missing?)"
        if "skipped" in row:
            log(f"{kind}: {scenario.NAME}: skipped, {row['skipped']}")
            rows.append(row)
            continue
        log(f"{kind}: {scenario.NAME}: app over {q['paths']} path(s) …")
        levels = getattr(scenario, "LEVELS", LEVELS)
        row["levels"] = list(levels)
        row["app"] = measure("musharaka.wsgi", app_env, spec, scenario.METHOD, args.duration, ds["token"],
                             scenario.KIND == "write", levels, paths_file if paths_file.exists() else None, svg,
                             getattr(scenario, "ONCE", False))
        top = (max(levels),)  # the floors run at the top level only: the ratios are taken there
        samples = work / f"samples-{scenario.NAME}.txt"
        floor_paths = samples if samples.exists() else None
        if scenario.KIND == "read" and getattr(scenario, "FLOOR", True):
            log(f"{kind}: {scenario.NAME}: data floor …")
            row["floor"] = measure("bench.floor:app", floor_env, spec, "GET", args.duration, "", False, top,
                                   floor_paths)
            row["ratio"] = ratio(row["app"], row["floor"], top[0])
        if row["html"] and q.get("page_floor_paths"):
            log(f"{kind}: {scenario.NAME}: page floor …")
            row["page_floor"] = measure("bench.floor:app", page_env, spec, "GET", args.duration, "", False, top,
                                        floor_paths)
            row["page_ratio"] = ratio(row["app"], row["page_floor"], top[0])
        rows.append(row)
        log(f"{kind}: {scenario.NAME}: {summary_line(row)}")
    # No API keys in the report (the editor's token, the burst's people's tokens).
    dataset = {k: v for k, v in ds.items() if k not in ("token", "edits")}
    if "burst" in dataset:
        dataset["burst"] = {k: v for k, v in dataset["burst"].items() if k != "tokens"}
    return {"database": kind, "dataset": dataset, "seed": meta,
            "scale": args.scale, "duration_s": args.duration, "quick": args.quick, "scenarios": rows,
            "cache": "Redis" if redis_url else "local memory", "after_write": after,
            "date": datetime.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count()}


def run_mixed(kind: str, scenario, all_scenarios, ds: dict, work: Path, env: dict, args, svg: Path | None) -> dict:
    """Reads interleaved from the listed scenarios' path mixes while run.py writes through the API."""
    mixes = [(work / f"paths-{name}.txt").read_text().split() for name in scenario.READS_FROM
             if (work / f"paths-{name}.txt").exists()]
    paths = [p for group in zip(*mixes, strict=False) for p in group]
    paths_file = work / f"paths-{scenario.NAME}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    create = next(s for s in all_scenarios if s.NAME == "create").request(ds)["body"]
    log(f"{kind}: {scenario.NAME}: {len(paths)} paths at 32 connections, an API write every "
        f"{scenario.WRITE_INTERVAL_S * 1000:.0f} ms …")
    row = {"name": scenario.NAME, "title": scenario.TITLE, "method": "GET+POST/PATCH", "kind": "mixed",
           "group": "mixed", "html": False, "streaming": False, "levels": [32], "paths": len(paths),
           "path": "/initiatives/ …", "status": 200, "queries": None, "in_process_ms": None, "sql_ms": None,
           "bytes": 0}
    result = measure_mixed(env, scenario.request(ds), ds, create, scenario.WRITE_INTERVAL_S, args.duration,
                           paths_file, svg)
    row["writes"] = result.pop("writes")
    row["app"] = result
    log(f"{kind}: {scenario.NAME}: {summary_line(row)}")
    return row


def ratio(app: dict, floor: dict, level: int) -> float | None:
    floor_rps = floor[str(level)].get("rps") or 0
    return round(app[str(level)].get("rps", 0) / floor_rps, 3) if floor_rps else None


def summary_line(row: dict) -> str:
    top = str(max(row["levels"]))
    a = row["app"][top]
    text = f"@{top}: {a.get('rps')} req/s p95 {a.get('p95_ms')} ms errors {a.get('errors')}"
    if "floor" in row:
        text += f" | data floor {row['floor'][top].get('rps')} req/s ×{row['ratio']}"
    if "page_floor" in row:
        text += f" | page floor {row['page_floor'][top].get('rps')} req/s ×{row['page_ratio']}"
    if "writes" in row:
        w = row["writes"]
        text += f" | {w['count']} writes, p50 {w['p50_ms']} p95 {w['p95_ms']} ms, {w['errors']} errors"
    return text + f" — {targets.verdict(row)}"


def markdown(result: dict) -> str:
    ds, seed_meta = result["dataset"], result["seed"]
    lines = [
        f"# Benchmark {result['date']} — {result['database']}",
        "",
        f"{ds['initiatives']:,} initiatives, {ds['organizations']:,} organisations (seed_demo --scale "
        f"{result.get('scale', 100)}: {seed_meta.get('seed_seconds')} s); gunicorn 2 workers on {result['cpus']} CPUs; "
        f"cache: {result.get('cache', 'local memory')}; wrk {result['duration_s']} s per level"
        f"{' (quick run)' if result['quick'] else ''}. Each read scenario cycles through its path mix (paths); "
        "the floors replay the SQL of a sample of those paths (captured in-process) at 32 connections.",
        "",
        "| scenario | paths | queries | req/s @32 | p50/p95/p99 ms @32 | errors | p95 ms @4 | warm ms | data floor "
        "req/s (×) | page floor req/s (×) | peak RSS / anon MB | flame graph | target | verdict |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|---|---|---|---|---|",
    ]
    for row in result["scenarios"]:
        target = targets.TARGETS.get(row.get("group", ""), "")
        if "skipped" in row:
            lines.append(f"| {row['name']} | – | – | – | – | – | – | – | – | – | – | – | {target} "
                         f"| {targets.verdict(row)} |")
            continue
        a32, a4 = row["app"].get("32", {}), row["app"].get("4", {})
        top = str(max(row["levels"]))
        errors = sum(row["app"][str(x)].get("errors", 0) for x in row["levels"])
        data_floor = (f"{row['floor'][top].get('rps')} (×{row['ratio']})" if "floor" in row else "–")
        page_floor = (f"{row['page_floor'][top].get('rps')} (×{row['page_ratio']})" if "page_floor" in row else "–")
        graph = row["app"].get("flame_graph")
        lines.append(
            f"| {row['name']} | {row.get('paths', 1)} | {row['queries'] if row['queries'] is not None else '–'} "
            f"| {a32.get('rps', '–')} | {a32.get('p50_ms', '–')}/{a32.get('p95_ms', '–')}/{a32.get('p99_ms', '–')} "
            f"| {errors} | {a4.get('p95_ms', '–')} | {row['in_process_ms'] if row['in_process_ms'] is not None else '–'} "
            f"| {data_floor} | {page_floor} | {row['app']['peak_rss_mb']} / {row['app'].get('anon_rss_mb', '–')} "
            f"| {f'[svg]({graph})' if graph else '–'} | {target} | {targets.verdict(row)} |")
    mixed = [row for row in result["scenarios"] if row["kind"] == "mixed" and "writes" in row]
    for row in mixed:
        w, r = row["writes"], row["app"]["32"]
        lines += ["", f"Mixed: {row['paths']} paths of the read scenarios at 32 connections while an API write (a create, "
                  "then an edit of a published initiative, in turn) lands every 100 ms:", "",
                  "| reads req/s | read p50/p95/p99 ms | read errors | writes | writes/s | write p50/p95/max ms "
                  "| write errors | verdict |", "|---:|---|---:|---:|---:|---|---:|---|",
                  f"| {r.get('rps')} | {r.get('p50_ms')}/{r.get('p95_ms')}/{r.get('p99_ms')} | {r.get('errors')} "
                  f"| {w['count']} | {w['per_s']} | {w['p50_ms']}/{w['p95_ms']}/{w['max_ms']} | {w['errors']} "
                  f"| {targets.verdict(row)} |"]
    after = result.get("after_write") or {}
    if after and "error" not in after:
        lines += ["", f"Right after a write, in-process (each read just after its own `{after['write']}`, median of "
                  f"5; the common word is `{after.get('word')}`):", "",
                  "| read | path | ms | target | verdict |", "|---|---|---:|---:|---|"]
        lines += [f"| {name} | `{path}` | {ms} | ≤ {target} ms | {ok} |"
                  for name, path, ms, target, ok in targets.after_write_verdicts(after)]
    elif after:
        lines += ["", f"Right after a write: not measured ({after['error']})."]
    lines += ["", "In-process through Django's test client (CaptureQueriesContext), medians over the sampled paths (max in "
              "brackets): warm, and cold (empty cache, as after a write); the page floor's render is the same "
              "templates rendered from the captured context without a request (median body size beside the app's):", "",
              "| scenario | sampled / paths | status | queries | SQL ms | total ms | render ms (page floor) | cold: "
              "queries | SQL ms | total ms | body bytes | first path |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in result["scenarios"]:
        if row["kind"] == "mixed":
            continue
        render = row.get("render_ms", "–")
        if "render_bytes" in row:
            render = f"{render} ({row['render_bytes']:,} of the app's {row['app_bytes']:,} bytes)"
        if row.get("page_floor_errors"):
            render = f"{render}; failed on some: {'; '.join(row['page_floor_errors'])}"
        lines.append(
            f"| {row['name']} | {row.get('sampled', 1)} / {row.get('paths', 1)} | {row['status']} | {row['queries']} "
            f"({row.get('queries_max', '–')}) | {row['sql_ms']} ({row.get('sql_ms_max', '–')}) | {row['in_process_ms']} "
            f"({row.get('in_process_ms_max', '–')}) | {render} | {row.get('cold_queries', '–')} | "
            f"{row.get('cold_sql_ms', '–')} | {row.get('cold_ms', '–')} ({row.get('cold_ms_max', '–')}) | "
            f"{row['bytes']:,} | `{row['path']}` |")
    failing = [f"{row['name']}: {', '.join(row['sample_errors'])}" for row in result["scenarios"]
               if row.get("sample_errors")]
    if failing:
        lines += ["", "Sampled paths that did not answer 2xx in-process (left out of the floors; wrk counts them "
                  "as errors): " + "; ".join(failing) + "."]
    missing = [f"{row['name']}: {', '.join(row['context_missing'])}" for row in result["scenarios"]
               if row.get("context_missing")]
    if missing:
        lines += ["", "Context values the page floor could not keep (rendered as empty): " + "; ".join(missing) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short smoke run (2 s per level)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=int, default=None, help="seconds of wrk per scenario and level (8)")
    parser.add_argument("--scale", type=int, default=100, help="seed_demo --scale of the dataset (100)")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--no-flame", action="store_true", help="no py-spy flame graphs")
    args = parser.parse_args()
    args.duration = args.duration or (2 if args.quick else 8)
    args.only = {x for x in args.only.split(",") if x}
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "wrk"], check=True)
    CACHE.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    # TERM (a timeout, say) ends the run through the `finally` below: the PostgreSQL and Redis servers stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        databases = prepare_databases(kinds, args.scale)
        for kind in kinds:
            redis_url = redis_start() if kind == "postgresql" else ""
            try:
                result = run_database(kind, args, *databases[kind], redis_url=redis_url)
            finally:
                if redis_url:
                    subprocess.run([str(ROOT / "scripts" / "redis-server"), "stop", str(REDIS_DIR)], check=False)
            stem = stem_of(kind, args)
            stem.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
            stem.with_suffix(".md").write_text(markdown(result))
            log(f"wrote {stem}.md and .json")
            print(markdown(result))
    finally:
        if "postgresql" in kinds:
            subprocess.run([str(ROOT / "scripts" / "pg-cluster"), "stop", str(PG_DIR)], check=False)
        subprocess.run([str(ROOT / "scripts" / "redis-server"), "stop", str(REDIS_DIR)], check=False)


if __name__ == "__main__":
    main()
