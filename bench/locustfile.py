"""A realistic mix against a running deployment (deploy/local-cluster): instructors checking
in with a photo through the API, contacts confirming, committee staff reviewing, leaders on
the cockpit, exports. Run by bench/load.py (which also injects the faults); by hand:

  .venv-bench/bin/locust -f bench/locustfile.py --headless -H http://127.0.0.1:8100 \
      -u 50 -r 10 -t 3m --csv bench/results/load

Every check-in carries an idempotency key and is retried with the same key until the server
answers 200/201, as the phone app does; the keys sent are appended to LOAD_KEYS_FILE so the
fault run can count the rows afterwards (each key exactly one visit).
"""

import datetime
import itertools
import os
import random
import uuid

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "liangxin-demo")
KEYS_FILE = os.environ.get("LOAD_KEYS_FILE", "bench/results/load-keys.txt")
INSTRUCTORS = itertools.cycle([f"instructor{n:02d}" for n in range(1, 23)])
CONTACTS = itertools.cycle([f"contact{n:03d}" for n in range(1, 41)])
# who opens the cockpit: a committee by default; at province scale add a provincial account,
# e.g. LOAD_LEADERS=nonpublic,shengjc. Use an auditor there: a county admin account keeps one
# session (each Leader signing in as it would end the others'), and county admins and auditors
# sign in with two factors unless the cluster runs with TWO_FACTOR_ROLES=none, as this run did.
LEADERS = os.environ.get("LOAD_LEADERS", "nonpublic").split(",")
# 1×1 JPEG
PHOTO = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c14"
    "0d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d"
    "38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000"
    "000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105"
    "122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a252627"
    "28292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778"
    "797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4"
    "c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda000801"
    "0100003f00fbd3ffd9"
)
DUPLICATE_DAY = "同一组织一天只能记录一次"


def _note(key: str, state: str) -> None:
    with open(KEYS_FILE, "a", encoding="utf-8") as fh:
        fh.write(f"{key}\t{state}\n")


def _token(client, username) -> str:
    response = client.post(
        "/api/auth/token/",
        json={"username": username, "password": PASSWORD},
        name="/api/auth/token/",
    )
    response.raise_for_status()
    return response.json()["token"]


def _as_browser_over_https(client):
    """nginx tells the app the request came over HTTPS (as in production), so its cookies are
    Secure; a browser sends them back over HTTPS. The load client talks plain HTTP to nginx on
    loopback, so it keeps sending them."""
    for cookie in client.cookies:
        cookie.secure = False


def _keep_cookies_over_http(client) -> None:
    """After every request, as `_as_browser_over_https`: the session cookie comes again (Secure)
    whenever the server pushes the idle timeout back, and the client must go on sending it."""
    send = client.request

    def request(*args, **kwargs):
        response = send(*args, **kwargs)
        _as_browser_over_https(client)
        return response

    client.request = request


def _signed_in(client, username):
    """A browser session: the login form with its CSRF cookie; then the pages it opens must
    answer as that user, not as the sign-in page (a lost session fails the request)."""
    _keep_cookies_over_http(client)
    client.get("/login/", name="/login/")
    _as_browser_over_https(client)
    token = client.cookies.get("csrftoken", "")
    origin = client.base_url.replace("http://", "https://", 1)
    response = client.post(
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": origin + "/login/", "Origin": origin},
        name="/login/",
    )
    _as_browser_over_https(client)
    response.raise_for_status()


def _page(client, url: str, name: str = "") -> None:
    """A page as its user sees it: landing on the sign-in page instead is a failure."""
    with client.get(url, name=name or url, catch_response=True) as response:
        if "/login/" in response.url:
            response.failure("signed out: the sign-in page came instead")


class Instructor(HttpUser):
    """Checks in at one of their organizations on a day not yet recorded, with a photo."""

    weight = 6
    wait_time = between(2, 6)

    def on_start(self):
        self.username = next(INSTRUCTORS)
        self.headers = {"Authorization": f"Token {_token(self.client, self.username)}"}
        posts = self.client.get(
            "/api/assignments/?state=active&page_size=100",
            headers=self.headers,
            name="/api/assignments/",
        ).json()
        self.orgs = [
            (p["organization"], p["started_on"]) for p in posts.get("results", posts)
        ]
        self.day = datetime.date.today()

    @task
    def check_in(self):
        if not self.orgs:
            return
        org, started = random.choice(self.orgs)
        self.day -= datetime.timedelta(days=1)
        if self.day.isoformat() < started:
            self.day = datetime.date.today()
        key = f"load-{uuid.uuid4().hex}"
        _note(key, "sent")
        data = {
            "organization": org,
            "date": self.day.isoformat(),
            "activities": "research",
            "summary": "压力测试：了解企业党建情况",
            "idempotency_key": key,
            "on_site": "false",
        }
        for _attempt in range(10):  # the phone app's queue: same key until stored
            with self.client.post(
                "/api/visits/",
                data=data,
                files={"photo": ("photo.jpg", PHOTO, "image/jpeg")},
                headers=self.headers,
                name="/api/visits/ (check-in)",
                catch_response=True,
            ) as response:
                if response.status_code in (200, 201):
                    response.success()
                    _note(key, "stored")  # the phone drops it from its queue
                    return
                if response.status_code == 400 and DUPLICATE_DAY in response.text:
                    response.success()  # two simulated phones of one instructor
                    return
                if response.status_code in (502, 503, 504, 0):
                    response.failure(f"retry: {response.status_code}")
                    continue
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return

    @task(2)
    def my_pages(self):
        self.client.get(
            "/api/visits/?page_size=20", headers=self.headers, name="/api/visits/"
        )


class Contact(HttpUser):
    """Confirms the visits waiting at their organization."""

    weight = 3
    wait_time = between(3, 8)

    def on_start(self):
        self.headers = {"Authorization": f"Token {_token(self.client, next(CONTACTS))}"}

    @task
    def confirm_waiting(self):
        page = self.client.get(
            "/api/visits/?status=pending&page_size=5",
            headers=self.headers,
            name="/api/visits/?status=pending",
        ).json()
        for visit in page.get("results", [])[:2]:
            with self.client.post(
                f"/api/visits/{visit['id']}/confirm/",
                json={"version": visit.get("version")},
                headers=self.headers,
                name="/api/visits/[id]/confirm/",
                catch_response=True,
            ) as response:
                if response.status_code in (200, 409) or (
                    response.status_code == 400 and "已" in response.text
                ):
                    response.success()  # confirmed, or someone was faster


class Committee(HttpUser):
    """Committee staff: the review queue, the compliance grid, coverage, an export."""

    weight = 2
    wait_time = between(3, 8)

    def on_start(self):
        _signed_in(self.client, random.choice(["nonpublic", "social"]))

    @task(3)
    def review(self):
        _page(self.client, "/fieldwork/review/")

    @task(2)
    def compliance(self):
        _page(self.client, "/fieldwork/compliance/")

    @task
    def coverage(self):
        _page(self.client, "/orgs/coverage/")

    @task
    def export(self):
        _page(self.client, "/orgs/?export=xlsx")


class Leader(HttpUser):
    """The cockpit and the worklist."""

    weight = 1
    wait_time = between(5, 12)

    def on_start(self):
        _signed_in(self.client, random.choice(LEADERS))

    @task(3)
    def cockpit(self):
        _page(self.client, "/", "/ (cockpit)")

    @task
    def worklist(self):
        _page(self.client, "/worklist/")
