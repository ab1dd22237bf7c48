"""Load with faults against the loopback cluster, outcomes asserted by counting rows.

  deploy/local-cluster start
  LOAD_USERS=50 LOAD_SECONDS=180 .venv/bin/python bench/load.py
  deploy/local-cluster stop

Runs Locust headless (bench/locustfile.py, its own venv `.venv-bench`, made here from
requirements/bench.txt when missing) and, during the run:
  at 1/4: kill -9 one gunicorn node (master and workers); nginx retries on the other node;
          the node is started again at 1/2;
  at 1/3: stop the read replica (reads fall back to the primary); started again at 2/3;
  at 5/12: restart Redis (the job queue) without saving.
Afterwards, from the database: every check-in the phones saw stored exists exactly once, and
no idempotency key has two visits. Prints a Markdown table (p50/p95 per request type, failures)
for BENCHMARKS.md. Exit status 1 when a row count is wrong.
"""

import csv
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster"))
RESULTS = ROOT / "bench" / "results"
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "180"))
HOST = os.environ.get("LOAD_HOST", "http://127.0.0.1:8100")
KEYS = RESULTS / "load-keys.txt"
BENCH_VENV = ROOT / ".venv-bench"


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def cluster_db() -> str:
    """The database the cluster was started with (deploy/local-cluster remembers it)."""
    saved = CLUSTER / "db"
    return saved.read_text().strip() if saved.exists() else "liangxin_cluster"


def ensure_locust() -> Path:
    locust = BENCH_VENV / "bin" / "locust"
    if not locust.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [
                str(BENCH_VENV / "bin" / "pip"),
                "install",
                "-q",
                "-r",
                str(ROOT / "requirements" / "bench.txt"),
            ],
            check=True,
        )
    return locust


def node_pids(port: int) -> list[int]:
    master = int((CLUSTER / "run" / f"gunicorn-{port}.pid").read_text())
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    return [master, *map(int, children)]


def kill_node(port: int) -> None:
    for pid in node_pids(port):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    log(f"fault: kill -9 gunicorn node {port}")


def run(cmd: list[str], what: str) -> None:
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    log(f"{what}: exit {result.returncode}")


def faults(stop: threading.Event) -> None:
    schedule = [
        (SECONDS / 4, lambda: kill_node(8101)),
        (
            SECONDS / 3,
            lambda: run(["scripts/pg-replica", "stop"], "fault: replica stopped"),
        ),
        (
            SECONDS * 5 / 12,
            lambda: (
                run(
                    ["redis-cli", "-p", "6379", "shutdown", "nosave"],
                    "fault: Redis down",
                ),
                run(
                    [
                        "redis-server",
                        "--daemonize",
                        "yes",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "6379",
                        "--save",
                        "",
                    ],
                    "Redis started again",
                ),
            ),
        ),
        (
            SECONDS / 2,
            lambda: run(
                ["deploy/local-cluster", "node", "8101"], "node 8101 started again"
            ),
        ),
        (
            SECONDS * 2 / 3,
            lambda: run(["scripts/pg-replica", "start"], "replica started again"),
        ),
    ]
    started = time.monotonic()
    for at, action in schedule:
        while time.monotonic() - started < at:
            if stop.wait(1):
                return
        action()


def count_rows() -> tuple[int, int, list[str]]:
    """(keys stored by the phones, visits with those keys, problems)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault(
        "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{cluster_db()}"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    from liangxin.fieldwork.models import Visit

    sent, stored = set(), set()
    for line in KEYS.read_text(encoding="utf-8").splitlines():
        key, _, state = line.partition("\t")
        (stored if state == "stored" else sent).add(key)
    counts = dict(
        Visit.objects.filter(idempotency_key__in=sent | stored)
        .values_list("idempotency_key")
        .annotate(n=Count("pk"))
        .values_list("idempotency_key", "n")
    )
    problems = [f"{k}: {n} visits" for k, n in counts.items() if n > 1]
    problems += [f"{k}: answered stored, no visit" for k in stored if k not in counts]
    return len(stored), sum(counts.values()), problems


def report() -> None:
    rows = list(csv.DictReader((RESULTS / "load_stats.csv").open(encoding="utf-8")))
    print("\n| 请求 | 次数 | 失败 | p50 ms | p95 ms |\n|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {row['50%']} | {row['95%']} |"
        )


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    KEYS.write_text("", encoding="utf-8")
    locust = ensure_locust()
    stop = threading.Event()
    injector = threading.Thread(target=faults, args=(stop,), daemon=True)
    log(f"locust: {USERS} users for {SECONDS} s against {HOST}")
    injector.start()
    subprocess.run(
        [
            str(locust),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "-H",
            HOST,
            "-u",
            str(USERS),
            "-r",
            str(max(1, USERS // 10)),
            "-t",
            f"{SECONDS}s",
            "--csv",
            str(RESULTS / "load"),
            "--only-summary",
        ],
        cwd=ROOT,
        env={**os.environ, "LOAD_KEYS_FILE": str(KEYS)},
    )
    stop.set()
    injector.join()
    report()
    stored, visits, problems = count_rows()
    print(f"\n手机收到“已保存”的签到 {stored} 条；数据库中对应到岗记录 {visits} 条。")
    for problem in problems:
        print("问题：", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
