from tests.fieldwork.conftest import make_visit  # noqa: F401  (the same fixture)
