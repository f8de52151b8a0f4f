import brotli
import pytest

from .servers import get

pytestmark = pytest.mark.deploy


def stylesheet_url(server):
    _, _, page = get(server.url + "/metiers/")
    return page.decode().split('rel="stylesheet" href="')[1].split('"')[0]


def test_without_a_proxy_whitenoise_serves_hashed_files_for_good_in_brotli(gunicorn):
    url = stylesheet_url(gunicorn)

    status, headers, body = get(gunicorn.url + url, {"Accept-Encoding": "br, gzip"})

    assert status == 200
    assert url != "/static/css/site.css"
    assert headers["Content-Encoding"] == "br"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert b"--" in brotli.decompress(body)
