import pytest

from .servers import Gunicorn, manage, site_env


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The seed site in a SQLite file, static files collected, as `docker compose up` does."""
    folder = tmp_path_factory.mktemp("site")
    env = site_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_seed_roles")
    return {"env": env, "folder": folder}


@pytest.fixture
def gunicorn(site, tmp_path):
    server = Gunicorn(site["env"], tmp_path)
    yield server
    server.stop()
