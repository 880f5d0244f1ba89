"""Run the load test: PostgreSQL, gunicorn (repo config) with 1 and 2 workers, a task worker,
locust headless; print p50/p95/rps, errors, 409s, the machine's load and locust's own CPU.

    python -m benchmarks.load.run                       # 50 users, 60 s, 1 then 2 workers
    python -m benchmarks.load.run -t 30s --workers 2 --skip-seed
    python -m benchmarks.load.run --workers 1 2 2 1 --skip-seed   # alternate, average

Needs PostgreSQL (`LOAD_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/
stackscope_load; it is migrated and seeded, never dropped) and the `bench` extra (locust,
psutil). The app runs as in production (DEBUG=0, collected static files, behind a
"proxy": requests carry X-Forwarded-Proto). Results: printed, and as JSON in
var/load/results.json; docs/performance.md ("Load test") records them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "load"
PYTHON = sys.executable
#: Only for the load test's own local database (sessions seeded with it, never deployed).
LOAD_SECRET_KEY = "stackscope-load-test-only-" + "x" * 40
BIN = Path(sys.executable).parent


def app_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        # Fixed: the seeded sessions are signed with it and must outlive one invocation.
        "SECRET_KEY": LOAD_SECRET_KEY,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_HTTPS_PROXY": "1",
        "EMAIL_BACKEND": "locmem",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(OUT / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def ensure_database(database_url: str) -> None:
    """Create the load test's database when missing (it is kept between runs)."""
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict[str, str], tools: int, users: int, fixture: Path) -> None:
    ensure_database(env["DATABASE_URL"])
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    seed = [PYTHON, "-m", "benchmarks.load.seed", "--tools", str(tools), "--users", str(users)]
    subprocess.run([*seed, "--out", str(fixture)], env=env, cwd=ROOT, check=True)


def wait_ready(base: str, timeout: float = 60) -> None:
    request = urllib.request.Request(
        f"{base}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while it starts
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {base}")


def warm_up(base: str, fixture: Path, workers: int) -> None:
    """Every page once per worker, concurrently: templates compiled, connections open."""
    from concurrent.futures import ThreadPoolExecutor

    data = json.loads(fixture.read_text())
    account = data["accounts"][0]
    headers = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={account['session']}"}
    paths = ["/", "/tools/", "/integrations/", "/tools/map/", "/integrations/map/"]
    paths += [f"/assessments/{data['assessment']}/{page}/" for page in ("dashboard", "roadmap")]
    paths += [f"/assessments/{data['assessment']}/steps/{step}/" for step in data["steps"]]

    def get(path: str) -> None:
        request = urllib.request.Request(base + path, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(get, paths * workers))


class LockSampler(threading.Thread):
    """Once a second: how many of the app's queries are active, and how many wait on a lock.

    Requests serialised by the database (a row everyone updates, a table lock) show as
    backends waiting with wait_event_type 'Lock'.
    """

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.stop = threading.Event()
        self.samples = self.active = self.waiting = 0

    def run(self) -> None:
        import psycopg

        server, name = self.database_url.rsplit("/", 1)
        query = (
            "SELECT count(*) FILTER (WHERE state = 'active'),"
            " count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')"
            " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        )
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            while not self.stop.wait(1.0):
                active, waiting = connection.execute(query, [name]).fetchone()
                self.samples += 1
                self.active += active
                self.waiting += waiting


class CpuSampler(threading.Thread):
    """Twice a second, the CPU time of each process of a group — gunicorn's workers, the task
    worker, PostgreSQL's backends — keeping each process's last reading, so a gunicorn
    worker recycled by ``max_requests`` during the run still counts (its successor is a
    new process)."""

    def __init__(self, groups: dict[str, object]) -> None:
        super().__init__(daemon=True)
        self.groups = groups  # name -> function giving the group's processes now
        self.stop = threading.Event()
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}

    def sample(self) -> None:
        for name, processes in self.groups.items():
            for process in processes():
                try:
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                key = (name, process.pid)
                self.first.setdefault(key, times.user + times.system)
                self.last[key] = times.user + times.system

    def run(self) -> None:
        self.sample()
        while not self.stop.wait(0.5):
            self.sample()

    def seconds(self) -> dict[str, float]:
        """CPU seconds each group used while sampled (a process born during the run counts
        from its first reading, which misses at most half a second of it)."""
        used = dict.fromkeys(self.groups, 0.0)
        for key, value in self.last.items():
            used[key[0]] += value - self.first[key]
        return {name: round(value, 1) for name, value in used.items()}


def postgres_processes() -> list:
    return [
        p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")
    ]


def tree(pid: int):
    def processes() -> list:
        try:
            root = psutil.Process(pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    return processes


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process's children (gunicorn's workers)."""
    total = 0.0
    for child in psutil.Process(pid).children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def served(access_log: Path) -> dict[str, object]:
    """What gunicorn itself saw: statuses and its own time per request (no queueing)."""
    statuses: dict[str, int] = {}
    times = []
    for line in access_log.read_text().splitlines():
        parts = line.rsplit('"', 5)
        try:
            status, _size, ms = parts[1].split()[:3]
        except (IndexError, ValueError):
            continue
        statuses[status] = statuses.get(status, 0) + 1
        times.append(int(ms.removesuffix("ms")))
    times.sort()
    return {
        "statuses": statuses,
        "server_mean_ms": round(sum(times) / len(times)) if times else 0,
        "server_p50_ms": times[len(times) // 2] if times else 0,
    }


def aggregated(prefix: Path) -> dict[str, float]:
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    per_name = {
        r["Name"]: {
            "count": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "p50_ms": float(r["50%"] or 0),
            "p95_ms": float(r["95%"] or 0),
        }
        for r in rows
        if r["Name"] != "Aggregated"
    }
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "rps": float(total["Requests/s"]),
        "per_name": per_name,
    }


def flush_cache(cache_url: str) -> None:
    """Every run starts with an empty cache (the rendered pages of the last run are stale:
    the data changed under it)."""
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def one_run(
    env: dict[str, str], workers: int, args: argparse.Namespace, fixture: Path
) -> dict[str, object]:
    base = f"http://127.0.0.1:{args.port}"
    tag = f"w{workers}"
    access_log = OUT / f"{tag}-access.log"
    web_env = {
        **env,
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{args.port}",
            "core.wsgi",
        ],
        env=web_env,
        cwd=ROOT,
        stdout=open(OUT / f"{tag}-gunicorn.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        # As deploy/stackscope-worker@.service runs it: background renders and imports take
        # the CPU that requests leave (Nice=10), they do not compete with gunicorn for it.
        ["nice", "-n", str(args.worker_nice), PYTHON, "manage.py", "run_worker", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=open(OUT / f"{tag}-worker.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    if args.cache_url:
        flush_cache(args.cache_url)
    try:
        wait_ready(base)
        warm_up(base, fixture, workers)
        access_log.write_text("")  # count the measured run only
        prefix = OUT / tag
        counts = OUT / f"{tag}-counts.json"
        locust_env = {
            **os.environ,
            "LOAD_FIXTURE": str(fixture),
            "LOAD_COUNTS": str(counts),
            "LOAD_WAIT": f"{args.wait[0]},{args.wait[1]}",
        }
        # Both gunicorn processes, PostgreSQL and locust share this machine: note its load.
        load_before = os.getloadavg()
        psutil.cpu_percent()
        web_cpu_before = cpu_seconds(web.pid)
        locks = LockSampler(env["DATABASE_URL"])
        locks.start()
        cpu = CpuSampler(
            {
                "gunicorn": tree(web.pid),
                "task worker": tree(worker.pid),
                "postgres": postgres_processes,
            }
        )
        cpu.start()
        started = time.monotonic()
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--host",
                base,
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.duration,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "5",
            ],
            env=locust_env,
            cwd=ROOT,
            stdout=open(OUT / f"{tag}-locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        _pid, _status, usage = os.wait4(locust.pid, 0)
        wall = time.monotonic() - started
        machine_cpu = psutil.cpu_percent()
        web_cpu = cpu_seconds(web.pid) - web_cpu_before
        cpu.stop.set()
        cpu.join()
        cpu.sample()
        locks.stop.set()
        locks.join()
        load_after = os.getloadavg()
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
    result = aggregated(prefix)
    result.update(served(access_log))
    result.update(
        {
            "workers": workers,
            "users": args.users,
            "duration": args.duration,
            "counts": json.loads(counts.read_text()) if counts.exists() else {},
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
            "machine_cpu_percent": machine_cpu,
            "locust_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "locust_cpu_percent_of_one_core": round(
                100 * (usage.ru_utime + usage.ru_stime) / wall, 1
            ),
            "wall_seconds": round(wall, 1),
            "gunicorn_cpu_seconds": round(web_cpu, 1),
            "cpu_seconds_by_process": cpu.seconds(),
            "gunicorn_cpu_ms_per_request": round(
                1000 * web_cpu / max(sum(result["statuses"].values()), 1)
            ),
            "db_samples": locks.samples,
            "db_active_per_sample": round(locks.active / max(locks.samples, 1), 2),
            "db_lock_waits_per_sample": round(locks.waiting / max(locks.samples, 1), 2),
        }
    )
    return result


def report(result: dict) -> None:
    counts = result["counts"]
    conflicts = {k: v for k, v in counts.items() if k.startswith("409")}
    errors = {k: v for k, v in counts.items() if not k.startswith(("409", "export status"))}
    print(
        f"\n== {result['workers']} gunicorn worker(s), {result['users']} users, "
        f"{result['duration']} ==\n"
        f"requests {result['requests']}, rps {result['rps']:.1f}, p50 {result['p50_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, failures {result['failures']}\n"
        f"409 conflicts (expected, not errors): {sum(conflicts.values())} {conflicts}\n"
        f"errors: {errors or 'none'}\n"
        f"gunicorn saw: {result['statuses']}, its own time per request: mean "
        f"{result['server_mean_ms']} ms, p50 {result['server_p50_ms']} ms; gunicorn workers "
        f"used {result['gunicorn_cpu_seconds']} CPU s "
        f"({result['gunicorn_cpu_ms_per_request']} ms a request)\n"
        f"CPU seconds by process group, sampled through the run (recycled workers "
        f"included): {result['cpu_seconds_by_process']}\n"
        f"PostgreSQL, sampled each second: {result['db_active_per_sample']} active queries, "
        f"{result['db_lock_waits_per_sample']} waiting on a lock\n"
        f"load average before {result['load_before']} after {result['load_after']}; "
        f"machine CPU {result['machine_cpu_percent']}%; "
        f"locust used {result['locust_cpu_seconds']} CPU s "
        f"({result['locust_cpu_percent_of_one_core']}% of one core)"
    )
    for name, row in sorted(result["per_name"].items()):
        print(
            f"  {name:<22} {row['count']:>6} req  p50 {row['p50_ms']:>6.0f} ms  "
            f"p95 {row['p95_ms']:>6.0f} ms  failures {row['failures']}"
        )


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("-u", "--users", type=int, default=50)
    parser.add_argument("-r", "--spawn-rate", type=int, default=10)
    parser.add_argument("-t", "--duration", default="60s")
    parser.add_argument("--tools", type=int, default=600)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the task worker's niceness (as deployed)"
    )
    parser.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=[0.5, 2.0],
        metavar=("MIN", "MAX"),
        help="each user's think time between tasks, in seconds (default: %(default)s); "
        "measuring capacity (the scaling with workers) needs it short enough that the "
        "users keep every worker busy",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/7"),
        help="the cache every gunicorn worker shares (as deployed); '' for per-process memory",
    )
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stackscope_load"
    )
    env = app_env(database_url)
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
        flush_cache(args.cache_url)
    fixture = OUT / "fixture.json"
    if not (args.skip_seed and fixture.exists()):
        prepare(env, args.tools, args.users, fixture)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(
        f"cache: {args.cache_url or 'per process'}; task worker niceness {args.worker_nice}; "
        f"think time {args.wait[0]}–{args.wait[1]} s"
    )
    results = []
    for workers in args.workers:
        result = one_run(env, workers, args, fixture)
        report(result)
        results.append(result)
    by_workers: dict[int, list[float]] = {}
    for result in results:
        by_workers.setdefault(result["workers"], []).append(result["rps"])
    if 1 in by_workers and 2 in by_workers and min(by_workers[1]) > 0:
        one, two = (sum(by_workers[w]) / len(by_workers[w]) for w in (1, 2))
        print(f"\nrps, mean of runs: 1 worker {one:.2f}, 2 workers {two:.2f}: {two / one:.2f}x")
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
