import pytest

from .servers import Gunicorn, prepare_site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The seed site, shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("site")
    return {"env": prepare_site(folder), "folder": folder}


@pytest.fixture
def gunicorn(site, tmp_path):
    server = Gunicorn(site["env"], tmp_path)
    yield server
    server.stop()
