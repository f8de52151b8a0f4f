import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Fast, isolated settings: uploads in a temporary folder, plain static files, cheap hashing."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Image renditions are remembered in the cache; each test starts with none.
    cache.clear()
    return settings
