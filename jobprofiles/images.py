"""Checking uploaded images by decoding them, and stripping what they should not carry."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def clean_uploaded_image(upload):
    """Return the upload re-encoded upright and without metadata, or refuse it.

    The format comes from decoding the file, never from its name. Dimensions are read
    from the header before any pixel is decoded, so a decompression bomb costs nothing.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"Ce fichier pèse {upload.size / 1024 / 1024:.1f} Mo : la limite est de 5 Mo. "
            "Réduisez l’image ou enregistrez-la en JPEG ou WebP."
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
        image_format = image.format
        width, height = image.size
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError("Ce fichier n’est pas une image lisible.") from error
    if image_format not in FORMATS:
        raise ValidationError(
            f"Format d’image refusé ({image_format or 'inconnu'}) : envoyez un fichier JPEG, "
            "PNG ou WebP."
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"Cette image fait {width} × {height} pixels, soit plus de 25 millions de pixels : "
            "réduisez-la avant de l’envoyer."
        )
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError("Cette image est endommagée et ne peut pas être lue.") from error
    output = BytesIO()
    upright.save(output, format=image_format, **_save_options(image_format))
    return SimpleUploadedFile(
        f"image{FORMATS[image_format]}",
        output.getvalue(),
        content_type=Image.MIME[image_format],
    )


def _save_options(image_format):
    """Encoding settings; none of them copies EXIF, XMP or comments into the new file."""
    if image_format == "JPEG":
        return {"quality": 90, "optimize": True}
    if image_format == "WEBP":
        return {"quality": 90}
    return {"optimize": True}
