"""The API fuzzer shared by the test suite and bench/fuzz_api.py: schemathesis generates
requests (valid and invalid) for every operation of the OpenAPI schema; each one is sent
through Django's test client as the county admin, and no answer may be a server error."""

import json
from urllib.parse import urlencode

import schemathesis
from django.db import transaction
from schemathesis import GenerationMode


def load_schema():
    """The schema drf-spectacular serves at /api/schema/, built without a request."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(raw))
    )
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    )
    return schema


def send(client, case):
    """Send one generated case; every request is rolled back so examples stay independent
    (and a database error cannot poison the next one)."""
    path = case.formatted_path
    if case.query:
        path += "?" + urlencode(case.query, doseq=True)
    kwargs = {}
    body = case.body
    if body is not None and type(body).__name__ != "NotSet":
        if case.media_type and "json" in case.media_type:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        elif isinstance(body, dict):
            kwargs = {
                "data": urlencode(
                    {k: v for k, v in body.items() if not isinstance(v, bytes)},
                    doseq=True,
                ),
                "content_type": "application/x-www-form-urlencoded",
            }
    with transaction.atomic():
        response = client.generic(case.method.upper(), path, **kwargs)
        transaction.set_rollback(True)
    return response


def assert_no_server_error(response, case):
    assert response.status_code < 500, (
        f"{case.method.upper()} {case.formatted_path} query={case.query!r} "
        f"body={case.body!r} → {response.status_code}"
    )
