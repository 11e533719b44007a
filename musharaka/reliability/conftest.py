import pytest

from .fuzz_server import prepared_demo


@pytest.fixture(scope="session")
def demo_server_database(tmp_path_factory):
    """The seeded database the fuzz and contract servers start from, each on a copy of its own."""
    with prepared_demo(tmp_path_factory.mktemp("demo-server")) as demo:
        yield demo
