"""Uploaded images are checked by decoding them, turned upright and stripped of metadata."""

import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jobprofiles.models import JobProfile

from .admin_forms import change_form_data, change_url

ORIENTATION, GPS_INFO, ARTIST = 0x0112, 0x8825, 0x013B


def encode(image_format, size=(40, 20), **options):
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
        assert stored.size == (20, 40)
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
