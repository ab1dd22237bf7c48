"""kill -9 a Celery worker in the middle of a background job, then count rows (issue 14, item 7).

Not part of the test suite. Needs PostgreSQL on 127.0.0.1:5432 and Redis on 6379:
  .venv/bin/python bench/worker_faults.py [--keep]
It creates a fresh database (FAULTS_DB, default lx_faults; dropped at the end unless --keep),
migrates it, loads the demo county (`seed_demo`), and starts a real worker as the README does
(`celery -A liangxin worker`, prefork pool, one process) on Redis db 13 (FAULTS_REDIS, emptied).

Imports are not background jobs (core.importing.run_import runs inside the request, in one
transaction), so the two jobs that write rows in the background are used:
  payout   assessment.payout_lines: recompute a draft payout sheet after the monthly amount
           changed (delete the sheet's lines, insert new ones, audit entry, notification)
  scoring  assessment.round_scores: start scoring a new round (results, computed scores,
           the draft → scoring transition, audit entry, notification)
and two faults:
  child    kill -9 of the pool process running the job (what the OOM killer does); the
           worker's main process stays up
  worker   kill -9 of the whole worker (main process and pool), then a new worker is started

To kill the job at a known point of its transaction, a statement trigger on the table the job
inserts into (payout lines, scores) makes the worker's connection, and only it, wait for an
advisory lock this script holds: the job has then already deleted the old lines (payout) or
inserted the results (scoring), uncommitted. The script waits until the worker's backend sits
there with a transaction id, kills, lets the orphaned backend go, and counts rows; then it lets
the redelivered job through and counts again. Each case passes when:
  after the kill:   every counted table has exactly the rows it had before;
  after the retry:  the difference from before equals one run's worth — measured by running
                    the same task in this process inside a transaction that is rolled back —
                    and stays so 5 s later; the broker holds no message.
Exit status 1 if any check fails.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("FAULTS_DB", "lx_faults")
PG = os.environ.get("FAULTS_PG", "postgres://root@127.0.0.1:5432")
REDIS = os.environ.get("FAULTS_REDIS", "redis://127.0.0.1:6379/13")
VISIBILITY = 10  # seconds; production keeps 3600 (CELERY_VISIBILITY_TIMEOUT)
WORKER_APP = "lx_faults_worker"
GATE_BASE = 7414_0000
SETTLE = 5

if not DB.startswith("lx_faults"):
    sys.exit("FAULTS_DB must start with lx_faults: this script drops it")
MEDIA = tempfile.mkdtemp(prefix="lx_faults_media_")
os.environ.update(
    DJANGO_SETTINGS_MODULE="liangxin.settings",
    DEBUG="1",
    DATABASE_URL=f"{PG}/{DB}?application_name=lx_faults_bench",
    REDIS_URL=REDIS,
    MEDIA_ROOT=MEDIA,
    CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
    EMAIL_HOST="",
)
WORKER_ENV = {**os.environ, "DATABASE_URL": f"{PG}/{DB}?application_name={WORKER_APP}"}
os.environ["LOG_LEVEL"] = "WARNING"  # this process's reference runs need not log


def psql(database: str, sql: str) -> None:
    subprocess.run(
        ["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True
    )


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=os.environ,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(f"timed out after {seconds:.0f} s waiting for {what}")


class Worker:
    """`celery -A liangxin worker` as deployed (prefork), one pool process, own session."""

    def __init__(self, log: Path):
        self.log, self.proc = log, None

    def start(self) -> None:
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "liangxin", "worker"]
                + ["--pool=prefork", "--concurrency=1", "--loglevel=INFO"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
                + ["-n", "faults@%h"],
                cwd=ROOT,
                env=WORKER_ENV,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited; see {self.log}")
            return " ready." in self.log.read_text()[offset:]

        wait_for(ready, 90, "the worker to be ready")

    def pool_process(self) -> int:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        children = [int(pid) for pid in path.read_text().split()]
        assert len(children) == 1, f"expected one pool process, found {children}"
        return children[0]

    def kill_all(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)
            self.proc = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the database")
    keep = parser.parse_args().keep

    started = time.perf_counter()
    psql("test", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql("test", f"CREATE DATABASE {DB}")
    worker = Worker(Path(MEDIA) / "worker.log")
    broker = None
    try:
        manage("migrate", "-v0")
        manage("seed_demo")
        print(
            f"database {DB}: migrated and demo county loaded in "
            f"{time.perf_counter() - started:.0f} s"
        )
        import django

        django.setup()
        import redis

        broker = redis.Redis.from_url(REDIS)
        broker.flushdb()
        outcomes = run_cases(worker, broker)
    finally:
        worker.stop()
        if broker is not None:
            broker.flushdb()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not keep:
            psql("test", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    failed = [o for o in outcomes if not o["ok"]]
    print_table(outcomes)
    print(f"worker log: {worker.log}")
    print("FAILED" if failed else "all checks passed")
    return 1 if failed else 0


# --- the cases ---------------------------------------------------------------------------


def run_cases(worker: Worker, broker) -> list[dict]:
    import psycopg
    from django.db import connection

    from liangxin.assessment import models as am

    gate_sql = f"""
    CREATE SEQUENCE lx_fault_gate_hits;
    CREATE FUNCTION lx_fault_gate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- the worker's connection only, once per transaction: wait for this script's lock
      IF current_setting('application_name') = '{WORKER_APP}'
         AND coalesce(current_setting('lx.gated', true), '') = '' THEN
        PERFORM set_config('lx.gated', 'yes', true);
        PERFORM pg_advisory_xact_lock_shared({GATE_BASE} + nextval('lx_fault_gate_hits'));
      END IF;
      RETURN NULL;
    END $$;
    """
    for model in (am.PayoutLine, am.Score):
        gate_sql += (
            f"CREATE TRIGGER lx_fault_gate BEFORE INSERT ON {model._meta.db_table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lx_fault_gate();"
        )
    with connection.cursor() as cursor:
        cursor.execute(gate_sql)
    gatekeeper = psycopg.connect(f"{PG}/{DB}", autocommit=True)

    worker.start()
    outcomes = []
    for job in ("payout", "scoring"):
        for fault in ("child", "worker"):
            if worker.proc is None:
                worker.start()
            try:
                outcome = run_case(job, fault, worker, broker, gatekeeper)
            except Exception as exc:  # a case that cannot finish is a failed case
                outcome = {"job": job, "fault": fault, "ok": False, "error": repr(exc)}
                broker.flushdb()  # so that its message does not spill into the next case
            finally:
                gatekeeper.execute("SELECT pg_advisory_unlock_all()")
            outcomes.append(outcome)
            print_case(outcome)
    gatekeeper.close()
    return outcomes


def counts() -> dict[str, int]:
    from liangxin.assessment import models as am
    from liangxin.core.models import AuditLog, Notification

    tables = [
        am.PayoutSheet,
        am.PayoutLine,
        am.AdjustmentBatch,
        am.PayoutSheetTransition,
        am.Round,
        am.Result,
        am.Score,
        am.ScoreRevision,
        am.RoundTransition,
        AuditLog,
        Notification,
    ]
    return {m._meta.db_table: m.objects.count() for m in tables}


def delta(after: dict, before: dict) -> dict[str, int]:
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


class Rollback(Exception):
    pass


def prepare(job: str, case_no: int):
    """The task, its arguments, and a function describing the job's own rows."""
    import datetime
    from decimal import Decimal

    from django.db.models import Sum
    from django.utils import timezone

    from liangxin.assessment import models as am
    from liangxin.assessment import tasks
    from liangxin.assessment.services import rounds, scheme_setup
    from liangxin.core.models import Role, User

    admin = User.objects.get(username="county")
    assert admin.role == Role.COUNTY_ADMIN
    if job == "payout":
        sheet = am.PayoutSheet.objects.get(status=am.PayoutStatus.DRAFT)
        # a new monthly amount, so the recomputed lines differ from the stored ones
        am.AllowancePolicy.objects.filter(pk=sheet.policy_id).update(
            monthly_amount=Decimal(800 + 50 * case_no)
        )

        def rows():
            lines = am.PayoutLine.objects.filter(sheet=sheet)
            return {
                "lines": lines.count(),
                "sum": lines.aggregate(s=Sum("amount"))["s"],
                "ids": frozenset(lines.values_list("pk", flat=True)),
            }

        return tasks.payout_lines, (sheet.pk, admin.pk), rows
    year = timezone.localdate().year
    scheme = scheme_setup.seed_default_scheme(
        user=admin, region=admin.region, year=year, name=f"故障测试方案{case_no}"
    )
    rnd = rounds.create_round(
        user=admin,
        scheme=scheme,
        name=f"故障测试{case_no}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )

    def rows():
        fresh = am.Round.objects.get(pk=rnd.pk)
        return {
            "status": fresh.status,
            "results": fresh.results.count(),
            "scores": am.Score.objects.filter(round=fresh).count(),
        }

    return tasks.round_scores, (rnd.pk, admin.pk, "start"), rows


def one_run(task, args, rows) -> tuple[dict, dict]:
    """What one run of the task writes, measured here and rolled back."""
    from django.db import transaction

    before = counts()
    result = {}
    try:
        with transaction.atomic():
            task.apply(args=args, task_id="reference-run", throw=True)
            result["delta"] = delta(counts(), before)
            result["rows"] = rows()
            raise Rollback
    except Rollback:
        pass
    assert counts() == before
    return result["delta"], result["rows"]


def gate_waiters(exclude=()) -> list[tuple]:
    """The worker's backends waiting at the gate, with a transaction id (it has written)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_xid::text, left(query, 40) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s AND wait_event = 'advisory' "
            "AND backend_xid IS NOT NULL",
            [DB, WORKER_APP],
        )
        return [row for row in cursor.fetchall() if row[0] not in exclude]


def in_flight(job: str, pid: int, xid: str, args) -> str:
    """What the job's open transaction has written so far, seen from outside: the tables it
    holds a write lock on and, for payouts, the old lines it has deleted (their xmax is its
    transaction id while it is open)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_locks l "
            "JOIN pg_class c ON c.oid = l.relation WHERE l.pid = %s AND l.granted "
            "AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'",
            [pid],
        )
        text = f"writing {cursor.fetchone()[0]}"
        if job == "payout":
            cursor.execute(
                "SELECT count(*) FROM assessment_payoutline "
                "WHERE sheet_id = %s AND xmax::text = %s",
                [args[0], xid],
            )
            text += f"; {cursor.fetchone()[0]} old lines deleted, uncommitted"
    return text


def backend_alive(pid: int) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def run_case(job: str, fault: str, worker: Worker, broker, gatekeeper) -> dict:
    from liangxin.core.models import Notification

    case_no = 1 + (job == "scoring") * 2 + (fault == "worker")
    task, args, rows = prepare(job, case_no)
    one_delta, one_rows = one_run(task, args, rows)
    before, before_rows = counts(), rows()
    out = {"job": job, "fault": fault, "one_run": one_delta, "checks": []}

    def check(name: str, ok: bool, detail: str = "") -> None:
        out["checks"].append((name, bool(ok), detail))

    gatekeeper.execute("ALTER SEQUENCE lx_fault_gate_hits RESTART WITH 1")
    first, retry = GATE_BASE + 1, GATE_BASE + 2
    gatekeeper.execute(
        "SELECT pg_advisory_lock(%s), pg_advisory_lock(%s)", [first, retry]
    )
    sent = time.monotonic()
    task_id = task.apply_async(args=args).id
    pid, xid, query = wait_for(gate_waiters, 60, "the job to reach the gate")[0]
    out["killed_in"] = f"{query.split('(')[0].strip()}… (xid {xid})"
    out["written"] = in_flight(job, pid, xid, args)
    out["job_ran_s"] = round(time.monotonic() - sent, 1)

    if fault == "child":
        os.kill(worker.pool_process(), signal.SIGKILL)
    else:
        worker.kill_all()
    killed = time.monotonic()
    gatekeeper.execute("SELECT pg_advisory_unlock(%s)", [first])
    wait_for(lambda: not backend_alive(pid), 30, "the killed job's backend to end")
    if fault == "child":
        # the worker's main process requeues the job at once; hold it at the gate
        out["retried_by"] = "same worker, requeued"
        waiter = wait_for(lambda: gate_waiters({pid}), 60, "the requeued job")[0]
        out["retry_after_s"] = round(time.monotonic() - killed, 1)
    after_kill, after_kill_rows = counts(), rows()
    check(
        "kill: every table as before",
        after_kill == before,
        str(delta(after_kill, before)),
    )
    check("kill: the job's rows as before", after_kill_rows == before_rows)
    if fault == "worker":
        unacked = broker.hlen("unacked")
        check(
            "kill: message kept unacknowledged", unacked == 1, f"{unacked} in unacked"
        )
        time.sleep(max(0, killed + VISIBILITY + 1 - time.monotonic()))
        worker.start()
        waiter = wait_for(lambda: gate_waiters({pid}), 120, "the redelivered job")[0]
        out["retried_by"] = f"new worker, after {VISIBILITY} s visibility timeout"
        out["retry_after_s"] = round(time.monotonic() - killed, 1)
    gatekeeper.execute("SELECT pg_advisory_unlock(%s)", [retry])

    key = f"{task.name}:{task_id}"
    wait_for(lambda: Notification.objects.filter(key=key).exists(), 120, "the retry")
    time.sleep(SETTLE)  # a second run, if there were one, would show now
    after, after_rows = counts(), rows()
    out["retry_delta"] = delta(after, before)
    check("retry: one run's rows", out["retry_delta"] == one_delta)
    check("retry: the job's rows = one run", _same_rows(job, after_rows, one_rows))
    if job == "payout":
        check("retry: all lines replaced", not (after_rows["ids"] & before_rows["ids"]))
    check(
        "retry: one notification",
        Notification.objects.filter(key=key).count() == 1,
    )
    queued = broker.llen("celery") + broker.hlen("unacked")
    check("retry: no message left in Redis", queued == 0, f"{queued} left")
    out["rows"] = {
        "before": before_rows,
        "after_kill": after_kill_rows,
        "after": after_rows,
    }
    out["gate_pid_retry"] = waiter[0]
    out["ok"] = all(ok for _, ok, _ in out["checks"])
    return out


def _same_rows(job: str, got: dict, want: dict) -> bool:
    if job == "payout":  # the ids differ from the rolled-back reference run's
        return (got["lines"], got["sum"]) == (want["lines"], want["sum"])
    return got == want


# --- output ------------------------------------------------------------------------------


def _fmt(rows: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in rows.items() if k != "ids")


def print_case(o: dict) -> None:
    print(f"\n== {o['job']} / kill -9 {o['fault']}")
    if "error" in o:
        print(f"  ERROR {o['error']}")
        return
    print(f"  killed in: {o['killed_in']}, {o['job_ran_s']} s after sending")
    print(f"  its open transaction: {o['written']}")
    print(f"  job rows before:     {_fmt(o['rows']['before'])}")
    print(f"  job rows after kill: {_fmt(o['rows']['after_kill'])}")
    print(f"  retried by {o['retried_by']}, {o['retry_after_s']} s after the kill")
    print(f"  job rows after retry: {_fmt(o['rows']['after'])}")
    print(f"  one run writes:  {o['one_run']}")
    print(f"  retry wrote:     {o['retry_delta']}")
    for name, ok, detail in o["checks"]:
        print(
            f"  [{'ok' if ok else 'FAIL'}] {name}"
            + (f" ({detail})" if detail and not ok else "")
        )


def print_table(outcomes: list[dict]) -> None:
    print(
        "\n| job | kill -9 | killed in | rows after kill = before | retried by | rows after retry = one run | result |"
    )
    print("|---|---|---|---|---|---|---|")
    for o in outcomes:
        if "error" in o:
            print(
                f"| {o['job']} | {o['fault']} | — | — | — | — | FAIL: {o['error'][:80]} |"
            )
            continue
        checks = dict((n, ok) for n, ok, _ in o["checks"])
        kill_ok = (
            checks["kill: every table as before"]
            and checks["kill: the job's rows as before"]
        )
        retry_ok = (
            checks["retry: one run's rows"]
            and checks["retry: the job's rows = one run"]
        )
        print(
            f"| {o['job']} | {o['fault']} | {o['killed_in']} | {'yes' if kill_ok else 'NO'} "
            f"({_fmt(o['rows']['after_kill'])}) | {o['retried_by']} ({o['retry_after_s']} s) | "
            f"{'yes' if retry_ok else 'NO'} ({_fmt(o['rows']['after'])}; "
            f"{', '.join(f'{k} +{v}' for k, v in o['retry_delta'].items())}) | "
            f"{'pass' if o['ok'] else 'FAIL'} |"
        )


if __name__ == "__main__":
    sys.exit(main())
