"""DJANGO_STORAGE=s3 end to end: an editor's upload lands in the bucket and the page shows it.

The bucket is moto's S3 API on loopback; the site is gunicorn in its own process, since
the storage is chosen from the environment when the settings are imported.
"""

import json
import re
from html.parser import HTMLParser
from io import BytesIO
from types import SimpleNamespace

import boto3
import pytest
from PIL import Image

from .servers import BIN, Gunicorn, get, launch, manage, missing, on_a_free_port, prepare_site, stop

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

# Ports of our own: the other deployment servers use 8100-8299, the live server 8300-8499.
S3_PORTS = range(8600, 8700)
BUCKET = "fiches-metiers-medias"
REGION = "eu-west-3"
CREDENTIALS = {"aws_access_key_id": "moto", "aws_secret_access_key": "moto-secret"}
# What the README asks of the bucket: anyone may read its objects, as browsers do.
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
PROFILE = "/metiers/chief-operations-officer-coo/"
EDITOR, PASSWORD = "claire", "un-mot-de-passe-solide"
ORANGE = (255, 140, 0)  # the uploaded image, unlike the seed illustration


@pytest.fixture
def s3(tmp_path):
    """An empty bucket on moto's S3 server, and a boto3 client to look into it."""
    program = BIN / "moto_server"
    if not program.exists():
        missing("moto_server is not installed (moto[s3] and flask, part of the dev extras)")

    def start(port):
        url = f"http://127.0.0.1:{port}"
        command = [program, "-H", "127.0.0.1", "-p", str(port)]
        logs = tmp_path / "moto.out", tmp_path / "moto.err"
        return launch(command, url + "/moto-api/", *logs), url

    try:
        process, url = on_a_free_port(start, ports=S3_PORTS)
    except RuntimeError as error:
        missing(f"moto_server did not start: {error}")
    client = boto3.client("s3", endpoint_url=url, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield SimpleNamespace(url=url, client=client)
    stop(process)


@pytest.fixture
def site_on_s3(s3, tmp_path):
    """The seed site storing its uploads in the bucket, with an HR editor's account."""
    # Its own folder: the test process plants seed media in tmp_path / "media".
    folder = tmp_path / "site"
    folder.mkdir()
    env = prepare_site(
        folder,
        DJANGO_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ENDPOINT_URL=s3.url,
        AWS_ACCESS_KEY_ID=CREDENTIALS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["aws_secret_access_key"],
    )
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "from django.contrib.auth.models import Group;"
        f"user = get_user_model().objects.create_user({EDITOR!r}, password={PASSWORD!r},"
        " is_staff=True);"
        "user.groups.add(Group.objects.get(name='Éditeurs RH'))",
    )
    server = Gunicorn(env, tmp_path, workers=1)
    yield server
    server.stop()


def bucket_keys(s3):
    listing = s3.client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}


def a_png():
    output = BytesIO()
    Image.new("RGB", (960, 540), ORANGE).save(output, format="PNG")
    return output.getvalue()


class ImageSources(HTMLParser):
    """Every URL a page asks the browser to load as an image: src and srcset candidates."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"img", "source"}:
            return
        attributes = dict(attrs)
        if "src" in attributes:
            self.urls.append(attributes["src"])
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def image_urls(html):
    parser = ImageSources()
    parser.feed(html)
    return parser.urls


def img_src(csp):
    for directive in csp.split(";"):
        name, *sources = directive.split()
        if name == "img-src":
            return sources
    return []


def test_an_editors_upload_is_stored_in_the_bucket_and_shown_from_it(
    browser, s3, site_on_s3, tmp_path
):
    seed_keys = bucket_keys(s3)
    assert "jobprofiles/seed/chief-operations-officer-coo.png" in seed_keys

    page = browser.new_page()
    page.goto(site_on_s3.url + "/admin/login/")
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(site_on_s3.url + "/admin/jobprofiles/jobprofile/")
    page.click("text=Chief Operations Officer (COO)")
    page.set_input_files(
        "#id_image", files=[{"name": "équipe.png", "mimeType": "image/png", "buffer": a_png()}]
    )
    page.locator("summary", has_text="Image").click()  # a complete Image fieldset is folded
    page.fill("#id_image_alt", "Une équipe réunie autour d’une table.")
    page.click("input[name=_save]")

    assert page.locator(".messagelist .success").count() == 1, page.content()
    uploads = bucket_keys(s3) - seed_keys
    originals = {key for key in uploads if key.startswith("jobprofiles/")}
    renditions = uploads - originals
    assert len(originals) == 1
    assert renditions and all(key.startswith("renditions/") for key in renditions), uploads
    upload = originals.pop()
    assert upload.endswith(".png")
    stored = s3.client.get_object(Bucket=BUCKET, Key=upload)
    assert stored["ContentType"] == "image/png"
    with Image.open(stored["Body"]) as image:
        assert (image.format, image.size) == ("PNG", (960, 540))

    status, headers, body = get(site_on_s3.url + PROFILE)

    assert status == 200
    html = body.decode()
    bucket_url = f"{s3.url}/{BUCKET}/"
    urls = image_urls(html)
    assert urls, "the profile page shows no image"
    assert all(url.startswith(bucket_url + "renditions/") for url in urls), urls
    assert f'<meta property="og:image" content="{bucket_url}renditions/' in html
    assert {url.removeprefix(bucket_url) for url in urls} <= bucket_keys(s3)
    shown_url = re.search(r'<img class="profile__image" src="([^"]+)"', html)[1]
    rendition_status, _, rendition = get(shown_url)
    with Image.open(BytesIO(rendition)) as image:
        assert rendition_status == 200, "anyone may read the bucket"
        assert image.convert("RGB").getpixel((10, 10)) == pytest.approx(ORANGE, abs=8)
    assert s3.url in img_src(headers["Content-Security-Policy"])
    media_root = tmp_path / "site" / "media"
    assert not media_root.exists() or not any(media_root.iterdir())

    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(site_on_s3.url + PROFILE)
    shown = page.locator(".profile__image")
    shown.scroll_into_view_if_needed()
    page.wait_for_function("image => image.complete", arg=shown.element_handle())

    assert shown.evaluate("image => image.naturalWidth") > 0, "the browser could not load it"
    assert shown.evaluate("image => image.currentSrc").startswith(bucket_url + "renditions/")
    assert [line for line in console if "Content Security Policy" in line] == []
