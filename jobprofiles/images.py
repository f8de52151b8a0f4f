"""Checking uploaded images by decoding them, and stripping what they should not carry."""

import errno
import logging
from io import BytesIO

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import pluralize
from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
# Renditions are cropped from the image at 16:9 and 1200×630: beyond this ratio or below
# this width, making them means upscaling a sliver into millions of pixels.
MAX_ASPECT_RATIO = 4
MIN_WIDTH = 400
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
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
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            f"Cette image fait {width} × {height} pixels : elle doit être au plus "
            f"{MAX_ASPECT_RATIO} fois plus large que haute (ou plus haute que large). "
            "Recadrez-la avant de l’envoyer."
        )
    try:
        image.load()
        upright = without_metadata(ImageOps.exif_transpose(image), image.info)
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError("Cette image est endommagée et ne peut pas être lue.") from error
    if upright.width < MIN_WIDTH:
        raise ValidationError(
            f"Cette image fait {upright.width} pixel{pluralize(upright.width)} de large : "
            f"il en faut au moins "
            f"{MIN_WIDTH} pour les cartes et les pages. Envoyez une image plus grande."
        )
    output = BytesIO()
    upright.save(output, format=image_format, **_save_options(image_format))
    return SimpleUploadedFile(
        f"image{FORMATS[image_format]}",
        output.getvalue(),
        content_type=Image.MIME[image_format],
    )


def without_metadata(image, info):
    """The pixels alone, in sRGB: no EXIF, XMP, comment or colour profile left to copy.

    Encoders copy some of these from `image.info` (a JPEG's comment, a PNG's profile), so
    only the transparency, which is part of the pixels, is kept there.
    """
    image = _in_srgb(image, info.get("icc_profile"))
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    return image


def _in_srgb(image, icc_profile):
    """Convert pixels described by an embedded colour profile to plain sRGB."""
    if not icc_profile:
        return image
    mode = "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert(mode)
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # An unreadable profile: keep the pixels as they are, read as sRGB.
        logger.warning("Ignored an unreadable colour profile in an uploaded image")
        return image.convert(mode)


def _save_options(image_format):
    """Encoding settings; none of them copies EXIF, XMP or comments into the new file."""
    if image_format == "JPEG":
        return {"quality": 90, "optimize": True}
    if image_format == "WEBP":
        return {"quality": 90}
    return {"optimize": True}


# What a storage raises when it cannot write: the disk (full, read-only), or S3 (endpoint
# down, access denied, bucket missing: botocore's and boto3's own errors).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error)


class ImageNotStored(Exception):
    """Writing an uploaded image to storage failed; the message tells the editor why."""


def store_new_image(profile):
    """Write a profile's newly uploaded image to storage, leaving nothing behind on failure.

    Django writes it while saving the row, where a full disk or an S3 bucket that cannot
    be reached (or refuses the upload) means a server error and maybe a partial file.
    Written here, before the save, a failure can be shown in the form.
    """
    image = profile.image
    if not image or image._committed:
        return
    name = image.field.generate_filename(profile, image.name)
    try:
        image.name = image.storage.save(name, image.file, max_length=image.field.max_length)
    except STORAGE_ERRORS as error:
        logger.exception("Could not store the uploaded image %s", name)
        _remove_partial_file(image.storage, name)
        full = isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
        cause = (
            "l’espace de stockage du site est plein"
            if full
            else "le stockage des fichiers est injoignable ou a refusé l’envoi"
        )
        raise ImageNotStored(
            f"L’image n’a pas pu être enregistrée : {cause}. "
            "Rien n’a été enregistré et vos modifications sont restées dans le formulaire : "
            "réessayez plus tard, ou enregistrez la fiche sans nouvelle image, et prévenez "
            "l’équipe technique."
        ) from error
    image._committed = True


def _remove_partial_file(storage, name):
    """Delete what was written before the failure, if the storage still answers."""
    try:
        if storage.exists(name):
            storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception("Could not remove the partial upload %s", name)
