"""Page benchmark: queries and single-request time per page (in-process), then throughput with
gunicorn (production settings, 2 workers) and wrk, beside a bare Django 50-row view in the same run.

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_cockpit .venv/bin/python bench/pages.py
  DATABASE_URL=… .venv/bin/python bench/pages.py --no-wrk        # only queries / time / size
  PAGES_USERS=admin DATABASE_URL=…/liangxin_province .venv/bin/python bench/pages.py --no-wrk

Per page: computed (the shared cache emptied first: the first view after a write in the county, or
above a county the summary its scheduled job keeps) and kept (best of three after it).

Needs a seeded database (`seed_demo`, or `--scale province`) and `wrk` (Debian package).
Prints a Markdown table for BENCHMARKS.md.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from liangxin.core.models import User  # noqa: E402

MANAGER_PAGES = [
    "/",
    "/worklist/",
    "/orgs/",
    "/orgs/coverage/",
    "/fieldwork/compliance/",
    "/fieldwork/visits/",
    "/partylife/coverage/",
    "/api/organizations/",
]
INSTRUCTOR_PAGES = ["/", "/worklist/", "/fieldwork/visits/", "/handbook/problems/"]
PORT = 8765


def users() -> list[tuple[str, list[str]]]:
    names = os.environ.get("PAGES_USERS", "county,instructor01").split(",")
    return [
        (n, INSTRUCTOR_PAGES if n.startswith("instructor") else MANAGER_PAGES)
        for n in names
    ]


def single(username: str, url: str) -> dict:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/healthz")  # the process's own first-request costs, not the page's
    # computed: the first view after a write in the county (or, above a county, with the
    # summary its scheduled job keeps missing): the shared cache emptied
    caches["shared"].clear()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        client.get(url)
        computed_ms = (time.perf_counter() - started) * 1000
    computed_q = len(ctx)
    best, queries, size = None, 0, 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        queries, size = len(ctx), len(response.content)
    return {
        "status": response.status_code,
        "ms": best * 1000,
        "q": queries,
        "kb": size / 1024,
        "computed_q": computed_q,
        "computed_ms": computed_ms,
    }


def session_cookie(username: str) -> str:
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[
        -1
    ]  # the role backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def status(url: str, cookie: str = "") -> int:
    """The server's own answer to one request (redirects not followed)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    code = conn.getresponse().status
    conn.close()
    return code


def wrk(url: str, cookie: str = "", seconds: int = 10) -> float:
    code = status(url, cookie)
    if code != 200:  # a redirect to the sign-in page would measure the sign-in page
        raise SystemExit(f"{url} answered {code}, not 200: not measured")
    cmd = ["wrk", "-t2", "-c20", f"-d{seconds}s", f"http://127.0.0.1:{PORT}{url}"]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"  ! {url}: {non2xx.group(1)} non-2xx responses", file=sys.stderr)
    return float(match.group(1)) if match else 0.0


def gunicorn():
    env = {
        **os.environ,
        "DEBUG": "0",
        # the keys this process signs sessions with and the seed encrypted phone numbers with
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "AXES_ENABLED": "0",
        "DJANGO_SETTINGS_MODULE": "pagesite.settings",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "liangxin.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    time.sleep(4)
    return proc


def main():
    rows = []
    for username, pages in users():
        for url in pages:
            r = single(username, url)
            rows.append((username, url, r))
            print(
                f"{username:12} {url:28} {r['status']} "
                f"computed {r['computed_q']:3} q {r['computed_ms']:7.0f} ms · "
                f"kept {r['q']:3} q {r['ms']:6.0f} ms {r['kb']:6.0f} KB",
                flush=True,
            )
    if "--no-wrk" in sys.argv:
        return
    server = gunicorn()
    try:
        bare = wrk("/bench/bare/")
        # the same view signed in: the floor every page pays (session, user)
        signed_in = wrk("/bench/bare/", session_cookie(users()[0][0]))
        print("\n| page | user | queries | one request | HTML | req/s | vs bare |")
        print("|---|---|---|---|---|---|---|")
        print(f"| bare 50-row template | — | 0 | — | — | {bare:.0f} | 100 % |")
        # the same rows inside the site's layout (navbar, sidebar, bell): every page's floor
        layout = wrk("/bench/layout/", session_cookie(users()[0][0]))
        print(
            f"| bare 50-row template, signed in | {users()[0][0]} | 2 | — | — | "
            f"{signed_in:.0f} | {signed_in * 100 / bare:.1f} % |"
        )
        print(
            f"| the same rows in the site layout, signed in | {users()[0][0]} | 2 | — | — | "
            f"{layout:.0f} | {layout * 100 / bare:.1f} % |"
        )
        for username, url, r in rows:
            rps = wrk(url, session_cookie(username))
            print(
                f"| `{url}` | {username} | {r['q']} | {r['ms']:.0f} ms | "
                f"{r['kb']:.0f} KB | {rps:.0f} | {rps * 100 / bare:.1f} % |",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
