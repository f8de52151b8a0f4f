"""Uploaded images are checked by decoding them, turned upright and stripped of metadata."""

import errno
import os
import struct
from io import BytesIO
from pathlib import Path

import pytest
from boto3.exceptions import S3UploadFailedError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin
from sorl.thumbnail.engines.base import EngineBase
from storages.backends.s3 import S3Storage

from jobprofiles.models import JobProfile
from jobprofiles.renditions import RENDITIONS

from ..conftest import SITE_URL
from .admin_forms import change_form_data, change_url

ORIENTATION, GPS_INFO, ARTIST = 0x0112, 0x8825, 0x013B


def encode(image_format, size=(900, 450), **options):
    output = BytesIO()
    Image.new("RGB", size, "teal").save(output, format=image_format, **options)
    return output.getvalue()


def photo_with_metadata(image_format):
    """A photo taken sideways: its EXIF says to rotate it, and tells who and where."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ARTIST] = "Appareil de Léa"
    exif.get_ifd(GPS_INFO)[2] = (48.0, 51.0, 0.0)
    return encode(image_format, exif=exif.tobytes())


def upload(admin_client, profile, name, content, alt="Une équipe au travail."):
    data = change_form_data(admin_client.get(change_url(profile)))
    data.update(image=SimpleUploadedFile(name, content), image_alt=alt)
    return admin_client.post(change_url(profile), data)


def image_errors(response):
    assert response.status_code == 200, "the upload was accepted"
    return response.context["adminform"].form.errors["image"]


@pytest.mark.parametrize(
    ("image_format", "suffix"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")]
)
def test_jpeg_png_and_webp_are_accepted_under_a_random_name(
    admin_client, coo, image_format, suffix
):
    response = upload(admin_client, coo, "Photo de Léa.gif", encode(image_format))

    assert response.status_code == 302
    coo.refresh_from_db()
    assert coo.image.name.endswith(suffix)
    assert "Léa" not in coo.image.name
    with Image.open(coo.image.path) as stored:
        assert stored.format == image_format


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_exif_orientation_is_applied_and_metadata_stripped(admin_client, coo, image_format):
    response = upload(admin_client, coo, "photo.jpg", photo_with_metadata(image_format))

    assert response.status_code == 302
    coo.refresh_from_db()
    with Image.open(coo.image.path) as stored:
        assert stored.size == (450, 900)
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_gif_is_refused_whatever_its_name(admin_client, coo):
    response = upload(admin_client, coo, "image.png", encode("GIF"))
    assert image_errors(response) == [
        "Format d’image refusé (GIF) : envoyez un fichier JPEG, PNG ou WebP."
    ]


def test_a_file_that_is_not_an_image_is_refused(admin_client, coo):
    response = upload(admin_client, coo, "image.jpg", b"<script>alert(1)</script>")
    assert "image valide" in image_errors(response)[0]


def test_a_file_over_five_megabytes_is_refused(admin_client, coo):
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    output = BytesIO()
    noise.save(output, format="PNG")
    assert output.tell() > 5 * 1024 * 1024

    response = upload(admin_client, coo, "bruit.png", output.getvalue())

    assert "la limite est de 5 Mo" in image_errors(response)[0]


def test_an_image_over_twenty_five_megapixels_is_refused(admin_client, coo):
    output = BytesIO()
    Image.new("1", (6000, 5000)).save(output, format="PNG")

    response = upload(admin_client, coo, "immense.png", output.getvalue())

    assert image_errors(response) == [
        "Cette image fait 6000 × 5000 pixels, soit plus de 25 millions de pixels : "
        "réduisez-la avant de l’envoyer."
    ]


def test_a_decompression_bomb_is_refused(admin_client, coo):
    output = BytesIO()
    Image.new("1", (20000, 20000)).save(output, format="PNG")

    response = upload(admin_client, coo, "bombe.png", output.getvalue())

    assert image_errors(response)
    assert JobProfile.objects.get(pk=coo.pk).image.name.startswith("jobprofiles/seed/")


def test_a_new_image_needs_an_alternative_text(admin_client, coo):
    response = upload(admin_client, coo, "photo.jpg", encode("JPEG"), alt="  ")
    assert "Décrivez l’image" in response.context["adminform"].form.errors["image_alt"][0]


# Extreme shapes: renditions would upscale a sliver into millions of pixels.


@pytest.mark.parametrize("size", [(25_000, 1), (1, 25_000), (2000, 400)])
def test_an_image_of_an_extreme_aspect_ratio_is_refused_naming_the_limit(admin_client, coo, size):
    response = upload(admin_client, coo, "bande.png", encode("PNG", size=size))

    assert image_errors(response) == [
        f"Cette image fait {size[0]} × {size[1]} pixels : elle doit être au plus 4 fois plus "
        "large que haute (ou plus haute que large). Recadrez-la avant de l’envoyer."
    ]
    assert JobProfile.objects.get(pk=coo.pk).image.name.startswith("jobprofiles/seed/")


@pytest.mark.parametrize(("size", "width_said"), [((300, 600), "300 pixels"), ((1, 1), "1 pixel")])
def test_an_image_narrower_than_the_cards_is_refused_naming_the_limit(
    admin_client, coo, size, width_said
):
    response = upload(admin_client, coo, "vignette.jpg", encode("JPEG", size=size))

    assert image_errors(response) == [
        f"Cette image fait {width_said} de large : il en faut au moins 400 pour les cartes et "
        "les pages. Envoyez une image plus grande."
    ]


def no_rendition_made(monkeypatch):
    """Make any attempt to resize an image from here on fail loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("a rendition was made")

    monkeypatch.setattr(EngineBase, "create", refuse)


def test_every_rendition_is_made_by_the_upload_and_none_by_public_pages(
    admin_client, client, coo, monkeypatch
):
    response = upload(admin_client, coo, "photo.jpg", encode("JPEG"))
    assert response.status_code == 302
    coo.refresh_from_db()
    made = {key: coo.renditions[key]["name"] for key in RENDITIONS}
    assert all(default_storage.exists(name) for name in made.values())

    no_rendition_made(monkeypatch)
    page = client.get(coo.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()

    assert f'content="{SITE_URL}/media/{made["social"]}"' in page
    assert f'src="/media/{made["card-jpeg-400"]}"' in page
    assert f"/media/{made['card-webp-800']} 800w" in home


def test_a_rendition_that_cannot_be_made_is_reported_and_pages_show_no_image(
    admin_client, client, coo, monkeypatch
):
    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(EngineBase, "create", out_of_memory)
    response = upload(admin_client, coo, "photo.jpg", encode("JPEG"))

    assert response.status_code == 302
    coo.refresh_from_db()
    assert coo.image.name.endswith(".jpg")
    warning = admin_client.get(response["Location"]).content.decode()
    assert "ses versions pour le site n’ont pas pu être créées" in warning
    page = client.get(coo.get_absolute_url())
    home = client.get("/")
    assert page.status_code == home.status_code == 200
    assert "og:image" not in page.content.decode()
    assert "<picture>" not in page.content.decode().split("<main")[1].split("</h1>")[1][:2000]
    card = home.content.decode().split(coo.get_absolute_url())[1].split("</article>")[0]
    assert "<picture>" not in card


# Metadata: nothing of where, when or with what a photo was taken reaches the site.

SECRET = b"GPS 48.8582N 2.2945E secret"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRET + b"</x:xmpmeta>"
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo_with_everything(image_format):
    """A photo carrying EXIF, XMP, a comment and a colour profile, as cameras write them."""
    exif = Image.Exif()
    exif[ARTIST] = SECRET.decode()
    options = {"exif": exif.tobytes(), "icc_profile": ICC, "xmp": XMP}
    if image_format == "JPEG":
        options["comment"] = SECRET
    if image_format == "PNG":
        options["pnginfo"] = PngImagePlugin.PngInfo()
        options["pnginfo"].add_text("Comment", SECRET.decode())
    return encode(image_format, **options)


def metadata_blocks(data):
    """The names of the metadata blocks in an encoded JPEG, PNG or WebP file."""
    if data.startswith(b"\xff\xd8"):
        found, offset = [], 2
        while data[offset] == 0xFF and data[offset + 1] != 0xDA:  # up to the image data
            marker = data[offset + 1]
            (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
            if marker == 0xFE or 0xE1 <= marker <= 0xEF:  # COM, APP1 (EXIF, XMP) to APP15
                found.append(f"{marker:#x}")
            offset += 2 + length
        return found
    if data.startswith(b"\x89PNG"):
        chunks, offset = [], 8
        while offset < len(data):
            (length,) = struct.unpack(">I", data[offset : offset + 4])
            chunks.append(data[offset + 4 : offset + 8].decode())
            offset += 12 + length
        return [chunk for chunk in chunks if chunk in {"iCCP", "eXIf", "tEXt", "zTXt", "iTXt"}]
    assert data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset < len(data):
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        chunks.append(data[offset : offset + 4].decode())
        offset += 8 + length + length % 2
    return [chunk for chunk in chunks if chunk in {"ICCP", "EXIF", "XMP "}]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_stored_images_and_every_rendition_carry_no_metadata(admin_client, coo, image_format):
    sent = photo_with_everything(image_format)
    assert metadata_blocks(sent)  # the photo does carry them

    response = upload(admin_client, coo, "photo.jpg", sent)

    assert response.status_code == 302, image_errors(response)
    coo.refresh_from_db()
    stored = [coo.image.name, *(coo.renditions[key]["name"] for key in RENDITIONS)]
    for name in stored:
        with default_storage.open(name) as stored_file:
            data = stored_file.read()
        assert metadata_blocks(data) == [], name
        assert b"secret" not in data and b"xmpmeta" not in data, name
    with Image.open(coo.image.path) as original:
        assert original.getpixel((10, 10)) == pytest.approx((0, 128, 128), abs=4)


# A full disk: the editor keeps the form, the site keeps no half-written file.


def post_new_image_and_title(client, profile):
    """Change the title and send a new image in one save, as an editor would."""
    data = change_form_data(client.get(change_url(profile)))
    data.update(
        title="Directrice des opérations",
        image=SimpleUploadedFile("photo.jpg", encode("JPEG")),
        image_alt="Une équipe au travail.",
    )
    return client.post(change_url(profile), data)


def assert_form_kept_and_nothing_saved(response, profile):
    assert 'value="Directrice des opérations"' in response.content.decode()
    profile.refresh_from_db()
    assert profile.title == "Chief Operations Officer (COO)"
    assert profile.image.name.startswith("jobprofiles/seed/")


def test_a_full_disk_during_an_upload_keeps_the_form_and_leaves_no_file(
    admin_client, coo, settings, monkeypatch
):
    def disk_full(storage, name, content):
        Path(storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(storage.path(name)).touch()  # the file is created, its first write fails
        raise OSError(errno.ENOSPC, "No space left on device")

    files_before = sorted(settings.MEDIA_ROOT.rglob("*"))
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = post_new_image_and_title(admin_client, coo)

    assert image_errors(response) == [
        "L’image n’a pas pu être enregistrée : l’espace de stockage du site est plein. Rien "
        "n’a été enregistré et vos modifications sont restées dans le formulaire : réessayez "
        "plus tard, ou enregistrez la fiche sans nouvelle image, et prévenez l’équipe technique."
    ]
    assert_form_kept_and_nothing_saved(response, coo)
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == files_before


def access_denied(storage, name, content):
    """What boto3 raises when the bucket refuses the upload."""
    raise S3UploadFailedError(
        f"Failed to upload {name}: An error occurred (AccessDenied) when calling the "
        "PutObject operation: Access Denied"
    )


@pytest.mark.parametrize("refusal", [None, access_denied], ids=["endpoint-down", "access-denied"])
def test_an_s3_error_during_an_upload_keeps_the_form(
    admin_client, coo, settings, monkeypatch, refusal
):
    """The bucket's endpoint is a closed port on loopback, or it refuses the upload."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "editeur")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "fiches-metiers-medias",
                "region_name": "eu-west-3",
                "endpoint_url": "http://127.0.0.1:9",
                "file_overwrite": False,
            },
        },
    }
    if refusal:
        monkeypatch.setattr(S3Storage, "exists", lambda storage, name: False)
        monkeypatch.setattr(S3Storage, "_save", refusal)
    response = post_new_image_and_title(admin_client, coo)

    assert image_errors(response) == [
        "L’image n’a pas pu être enregistrée : le stockage des fichiers est injoignable ou a "
        "refusé l’envoi. Rien n’a été enregistré et vos modifications sont restées dans le "
        "formulaire : réessayez plus tard, ou enregistrez la fiche sans nouvelle image, et "
        "prévenez l’équipe technique."
    ]
    assert_form_kept_and_nothing_saved(response, coo)
