"""The shared notification mechanism: an in-app notice, plus an email when the server has a
mail relay and the user an address. Reminders run from cron, so `notify` is idempotent on
(recipient, key): running a job twice never notifies twice."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from liangxin.core.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *, recipient, title: str, body: str = "", url: str = "", key: str
) -> tuple[Notification, bool]:
    """The notification for (recipient, key), created now if it did not exist yet."""
    defaults = {"title": title[:200], "body": body, "url": url[:500]}
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=recipient, key=key[:200], defaults=defaults
            )
    except IntegrityError:  # a concurrent run created it between our SELECT and INSERT
        return Notification.objects.get(recipient=recipient, key=key[:200]), False
    if created:
        transaction.on_commit(lambda: _send_email(notification))
    return notification, created


def _send_email(notification: Notification) -> None:
    address = notification.recipient.email
    if not settings.EMAIL_HOST or not address:
        return
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}".strip()
    try:
        send_mail(
            f"[{settings.SITE_TITLE}] {notification.title}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            fail_silently=False,
        )
    except Exception:  # a mail relay that is down must not break the job that notified
        logger.exception("sending notification %s by email failed", notification.pk)
