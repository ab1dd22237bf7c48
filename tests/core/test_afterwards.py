"""Work a request causes runs once its response is closed (sent), not while the person waits;
outside a request it runs at once; a task that fails is logged and stops nothing."""

import logging

from django.http import HttpResponse
from django.test import RequestFactory

from liangxin.core import afterwards


def test_a_task_runs_when_the_response_is_closed(db):  # close() ends the request
    ran = []

    def view(request):
        afterwards.later(lambda: ran.append("first"))
        afterwards.later(lambda: ran.append("second"))
        return HttpResponse("好")

    response = afterwards.AfterResponseMiddleware(view)(RequestFactory().post("/"))
    assert ran == []  # answered, nothing run yet
    response.close()  # what the WSGI server does once the body is sent
    assert ran == ["first", "second"]


def test_outside_a_request_a_task_runs_now():
    ran = []
    afterwards.later(lambda: ran.append(1))
    assert ran == [1]


def test_a_failing_task_is_logged_and_the_next_one_still_runs(db, caplog):
    ran = []

    def view(request):
        afterwards.later(lambda: 1 / 0)
        afterwards.later(lambda: ran.append("next"))
        return HttpResponse("好")

    response = afterwards.AfterResponseMiddleware(view)(RequestFactory().get("/"))
    with caplog.at_level(logging.ERROR, logger="liangxin.core.afterwards"):
        response.close()
    assert ran == ["next"]
    assert "ZeroDivisionError" in caplog.text
