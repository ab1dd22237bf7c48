"""Every API operation, a few generated requests each (valid and invalid), authenticated
as the county admin on a small dataset: no server error (issue 11, item 6). The longer run
is `bench/fuzz_api.py`."""

import os

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from tests.api.fuzzing import assert_no_server_error, load_schema, send

schema = load_schema()
if os.environ.get("FUZZ_PATH"):  # e.g. FUZZ_PATH=inspections to rerun one area
    schema = schema.include(path_regex=os.environ["FUZZ_PATH"])
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))


@pytest.fixture
def county_client(world):
    client = APIClient()
    client.force_authenticate(world.users.county)
    return client


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_api_operation_answers_a_server_error(case, county_client):
    assert_no_server_error(send(county_client, case), case)
