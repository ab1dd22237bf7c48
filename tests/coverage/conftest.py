from tests.partylife.conftest import api  # noqa: F401  (the token-authenticated client)
