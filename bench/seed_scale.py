"""Measure `seed_demo --scale city|province`: wall time and peak memory, on a fresh database.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_bench .venv/bin/python bench/seed_scale.py province
Each run creates the database anew (PostgreSQL) or uses a temporary SQLite file, migrates, seeds
in a child process and reads its peak RSS from the kernel (ru_maxrss of the child).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = os.environ.get("BENCH_PYTHON", str(ROOT / ".venv" / "bin" / "python"))


def run(scale: str, database_url: str | None) -> dict:
    env = {**os.environ, "DEBUG": "1"}
    if database_url:
        name = database_url.rsplit("/", 1)[1]
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True
        )
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        env["DATABASE_URL"] = database_url
    else:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(
        [PY, "manage.py", "seed_demo", "--scale", scale],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "scale": scale,
        "seconds": elapsed,
        "peak_mb": max(peak, before) / 1024,
        "output": out.strip().splitlines()[-1],
        "engine": "postgresql" if database_url else "sqlite",
    }


if __name__ == "__main__":
    scale = sys.argv[1] if len(sys.argv) > 1 else "city"
    result = run(scale, os.environ.get("DATABASE_URL"))
    print(result)
