import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Fast, isolated settings: temporary uploads, plain static, cheap hashing, empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    # Pages are rendered for every request, as in debug; tests/core turns the page cache on.
    settings.PAGE_CACHE_SECONDS = 0
    return settings
