"""The facts app's Celery task: one county's flag rows after a write (facts.on_write)."""

from celery import shared_task


@shared_task(name="facts.refresh_county_flags")
def refresh_county_flags(code: str) -> bool:
    from liangxin.facts.on_write import refresh_county

    return refresh_county(code)
