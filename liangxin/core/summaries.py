"""Summaries kept in the shared cache: what a manager page sums over a whole region, computed
once for the next viewers instead of on every visit.

How long a summary may be used depends on the region it sums:

- a county or below (where people act on the numbers): until anything in the county or the
  regions above it is recorded or the day ends. The key holds today's date and the newest
  audit entry (`core.audit.latest_write`); every service write logs one (STYLE §10), so the
  first view after a change computes afresh;
- a province or a city (100,000 organizations): at most COCKPIT_SNAPSHOT_SECONDS; scheduled
  jobs may recompute them before anyone asks, and pages say when they were computed;
- at every level, until `refresh_facts` rebuilds the facts they read (it writes no audit
  entry, so it bumps a generation kept in the same cache, part of every key): after a policy
  change and its rebuild, no summary keeps the old facts. With the per-process default cache
  (no REDIS_URL) a rebuild run by cron or the worker bumps its own process's counter only;
  the web processes then see the new facts when their summaries expire (county ones at the
  next write or the next day).

COCKPIT_SNAPSHOT_SECONDS also bounds how long a change made outside the services (an edit by
hand in the database) can go unseen at a county.

The same rule keeps a county's pages whole (`kept_view`, `kept_body`): the cockpit, the
worklist, the body of every list page, the coverage, trend and compliance pages, the role homes
and a JSON page of an API list, per viewer and query string. Only entries that record a change
renew them (a login, an export or a phone number shown does not: models.audit.READ_ACTIONS);
they expire after KEPT_PAGE_SECONDS. A person's own pages (an instructor's, a contact's) also
follow the newest write the person made, wherever it is logged. A page that shows full phone
numbers is never kept. Above a county nothing is kept this way: the newest audit entry of a
province does not change when a county records a write.

A change made outside the services therefore shows on a kept page after at most
KEPT_PAGE_SECONDS, or KEPT_PAGE_SECONDS + COCKPIT_SNAPSHOT_SECONDS where the page is built from
a summary (the cockpit, the worklist, the coverage pages). So does a write logged in another
county than the viewer's (an instructor posted across a county line, by somebody else).

The "shared" cache is Redis when several app servers run; a cache that cannot be reached
counts as a miss, never an error page.
"""

import hashlib
import logging
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe

from liangxin.core import dbrouter, memo
from liangxin.core.audit import latest_write, latest_writes

log = logging.getLogger(__name__)


def is_wide(region_code: str | None) -> bool:
    """A province or a city (or everything): summaries kept for a time."""
    return region_code is None or region_code.endswith("00")


def viewer(user) -> str:
    """Who sees the same summary: every superuser alike; a county admin or an auditor by role
    and region (what they see depends on nothing else); anyone else by themself."""
    if user.is_superuser:
        return "su"
    if user.role in ("county_admin", "auditor"):
        return f"{user.role}:{user.region_id}"
    return f"u{user.pk}"


def region_of(user) -> str | None:
    """The region a user's pages sum over (None: everything, for a superuser)."""
    return None if user.is_superuser else user.region_id


def key(name: str, region_code: str | None, *parts, by: int | None = None) -> str:
    """A summary's cache key: its name, the region it sums, whatever else it depends on
    (viewer, filters, month); below a city also today and the newest recorded write."""
    key = ":".join(
        [name, region_code or "-", *(str(p) for p in parts), f"g{generation()}"]
    )
    if is_wide(region_code):
        return key
    return f"{key}:{timezone.localdate():%Y%m%d}:w{newest_write(region_code, by=by)}"


def newest_write(region_code: str, *, by: int | None = None) -> int:
    """core.audit.latest_write, read once per request: a kept page and the summary it shows
    share the number. A person's page reads the county's number in the same query and keeps
    it for the summaries inside it (the cockpit, the worklist's flag rows)."""
    if by is None:
        return memo.memoized(
            ("latest_write", region_code, None), lambda: latest_write(region_code)
        )
    region, person = memo.memoized(
        ("latest_writes", region_code, by), lambda: latest_writes(region_code, by=by)
    )
    memo.remember(("latest_write", region_code, None), region)
    return max(region, person)


GENERATION = "summaries:generation"


def generation() -> int:
    """How many times the facts have been rebuilt, as the shared cache counts them (0 when it
    cannot be reached: the summaries then simply expire)."""
    try:
        return caches["shared"].get(GENERATION, 0)
    except Exception:
        log.warning("summary cache unavailable", exc_info=True)
        return 0


def renew() -> None:
    """After the facts are rebuilt: every summary is computed afresh on its next view."""
    cache = caches["shared"]
    try:
        cache.add(GENERATION, 0, None)
        cache.incr(GENERATION)
    except Exception:
        log.warning("summary cache unavailable", exc_info=True)


def get(
    key: str,
    compute: Callable,
    *,
    fresh: bool = False,
    seconds: int | None = None,
    keep: Callable | None = None,
):
    """(value, cached): the kept summary under `key`, or computed now and kept for `seconds`
    (COCKPIT_SNAPSHOT_SECONDS by default; `fresh` computes even when one is kept; a value
    for which `keep(value)` is false is computed and not kept)."""
    cache = caches["shared"]
    if not fresh:
        try:
            found = cache.get(key)
        except Exception:  # an unreachable cache is a miss, not an error page
            log.warning("summary cache unavailable", exc_info=True)
            found = None
        if found is not None:
            return found, True
    value = compute()
    if keep is not None and not keep(value):
        return value, False
    try:
        cache.set(
            key,
            value,
            settings.COCKPIT_SNAPSHOT_SECONDS if seconds is None else seconds,
        )
    except Exception:
        log.warning("summary cache unavailable", exc_info=True)
    return value, False


# --- a page's body, kept like a summary ---------------------------------------------------------
def view_key(request, name: str) -> str | None:
    """The key under which the body of a page (its results below the site's layout) is kept
    for this viewer and these query parameters, or None when it is computed on every view:
    above a county, and for a superuser, since a write in one county does not change the
    newest audit entry of the province (core.audit.latest_write looks up, not down)."""
    user = request.user
    region = region_of(user)
    if region is None or is_wide(region):
        return None
    params = urlencode(sorted((k, v) for k, vs in request.GET.lists() for v in vs))
    page = f"{name}\n{request.path}\n{params}"  # any length: the key stays short
    digest = hashlib.blake2b(page.encode(), digest_size=16).hexdigest()
    who = viewer(user)
    # a person's own writes count wherever they are logged (an instructor posted to an
    # organization of the next county checks in there)
    return key("view", region, who, digest, by=user.pk if who.startswith("u") else None)


def kept_view(request, name: str, compute: Callable):
    """What `compute` gives for this request (a page's body, an API page's data), kept until
    anything in the viewer's county (or above) is recorded, the day ends or the facts are
    rebuilt (see `key`): the next viewers with the same role and parameters read it back
    instead of querying again. Above a county it is computed on every view (`view_key`).

    What shows full phone numbers (audit.note_reveal) is never kept: they are stored encrypted
    and must not sit in plain text in the cache (Redis may write it to disk), and each viewing
    is logged."""
    cache_key = view_key(request, name)
    if cache_key is None:
        return compute()

    def noting_reveals():
        before = len(getattr(request, "_revealed", ()))
        # from the primary: kept under the newest write's number, it must hold that write
        # (a replica may lag behind it, and its answer would be kept until the next write)
        with dbrouter.primary_reads():
            value = compute()
        return value, len(getattr(request, "_revealed", ())) > before

    (value, _revealed), _kept = get(
        cache_key,
        noting_reveals,
        seconds=settings.KEPT_PAGE_SECONDS,
        keep=lambda computed: not computed[1],
    )
    return value


def kept_body(request, name: str, render: Callable[[], tuple[str, str]]):
    """(title, HTML) that `render` makes for this request, kept as `kept_view` keeps it. A
    form's CSRF token is kept as a placeholder and filled in with this request's token (a
    token belongs to a session)."""

    def keep():
        title, html = render()
        return title, CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", html)

    title, html = kept_view(request, name, keep)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return title, mark_safe(html)  # rendered by our templates, escaped there


# what {% csrf_token %} renders, around its token
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_PLACEHOLDER = "kept-csrf-token"
