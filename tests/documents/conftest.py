"""The assessment fixtures (a scheme and a round through to publication) for the notices."""

from tests.assessment.conftest import (  # noqa: F401  (fixtures used by name)
    draft,
    published,
    review_round,
    scheme,
    scoring_round,
)
