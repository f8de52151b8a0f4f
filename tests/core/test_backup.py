"""`manage.py backup` and `manage.py restore`, run as an operator runs them.

The tests use real transactions (transactional_db): pg_dump reads the database from
another connection and sees only committed rows.
"""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from jobprofiles.models import JobProfile

COO = "chief-operations-officer-coo"


@pytest.fixture
def catalogue(django_db_serialized_rollback, transactional_db):
    """The seed roles, committed; the rows migrations made are put back after a flush."""
    call_command("load_seed_roles", verbosity=0)
    return JobProfile.objects.get(slug=COO)


def backup(folder, *args):
    out = io.StringIO()
    call_command("backup", "--output", str(folder), *args, stdout=out)
    return out.getvalue()


def only_archive(folder):
    (archive,) = folder.glob("careers-*.tar.gz")
    return archive


def rewritten(archive, target, manifest_change=None, member_change=None):
    """A copy of the archive with its manifest or one member's bytes changed."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest_change:
                manifest = json.loads(content)
                manifest_change(manifest)
                content = json.dumps(manifest).encode()
            elif member_change and member.name == member_change[0]:
                content = member_change[1]
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return target


def test_backup_writes_one_dated_archive_with_the_database_every_upload_and_a_manifest(
    catalogue, tmp_path
):
    message = backup(tmp_path / "out")

    archive = only_archive(tmp_path / "out")
    assert f"Archive écrite : {archive}" in message
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
        image = tar.extractfile(f"media/{catalogue.image.name}").read()
    assert image == default_storage.open(catalogue.image.name).read()
    uploads = {name for name in names if name.startswith("media/")}
    assert len(uploads) == 4 * 6, "the four seed illustrations, and five renditions of each"
    assert names == {"manifest.json", manifest["database"]["dump"], *uploads}
    assert manifest["files"][f"media/{catalogue.image.name}"]["sha256"] == (
        hashlib.sha256(image).hexdigest()
    )
    assert manifest["counts"]["jobprofiles.JobProfile"] == 4
    assert "jobprofiles.0001_initial" in manifest["migrations"]
    assert manifest["versions"]["django"].startswith("5.2")


def test_backup_keeps_only_the_newest_archives_it_is_asked_to(catalogue, tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    for name in ("careers-20260101-000000.tar.gz", "careers-20260102-000000.tar.gz"):
        (folder / name).write_bytes(b"old")
    (folder / "notes.txt").write_text("not an archive")

    message = backup(folder, "--keep", "2")

    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 3 and kept[0] == "careers-20260102-000000.tar.gz"
    assert kept[2] == "notes.txt"
    assert "Ancienne archive supprimée" in message and "20260101" in message


def test_restore_replace_brings_back_the_archived_catalogue_and_uploads(catalogue, tmp_path):
    backup(tmp_path / "out")
    JobProfile.objects.filter(slug=COO).update(title="Titre modifié après la sauvegarde")
    default_storage.delete(catalogue.image.name)
    out = io.StringIO()

    call_command("restore", str(only_archive(tmp_path / "out")), "--replace", stdout=out)

    assert JobProfile.objects.get(slug=COO).title == "Chief Operations Officer (COO)"
    assert default_storage.exists(catalogue.image.name)
    assert "restaurée : 4 fiches, 24 fichiers déposés" in out.getvalue()


def assert_refused(archive, message, *args):
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), *args)


def test_restore_refuses_a_database_that_is_not_empty_without_replace(catalogue, tmp_path):
    backup(tmp_path / "out")
    JobProfile.objects.filter(slug=COO).update(title="Modifiée")

    assert_refused(only_archive(tmp_path / "out"), "n’est pas vide : relancez avec --replace")

    assert JobProfile.objects.get(slug=COO).title == "Modifiée"


def test_restore_refuses_an_archive_made_by_newer_code(catalogue, tmp_path):
    backup(tmp_path / "out")
    future = rewritten(
        only_archive(tmp_path / "out"),
        tmp_path / "future.tar.gz",
        manifest_change=lambda manifest: manifest["migrations"].append("jobprofiles.9999_futur"),
    )

    assert_refused(future, "plus récente du code .*jobprofiles.9999_futur", "--replace")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(
            lambda data: data[:2000] + bytes(b ^ 0xFF for b in data[2000:2100]) + data[2100:],
            id="corrupted",
        ),
    ],
)
def test_restore_refuses_a_damaged_archive_and_changes_nothing(catalogue, tmp_path, damage):
    backup(tmp_path / "out")
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(damage(only_archive(tmp_path / "out").read_bytes()))
    JobProfile.objects.filter(slug=COO).update(title="Modifiée")
    default_storage.delete(catalogue.image.name)

    assert_refused(damaged, "rien n’a été modifié", "--replace")

    assert JobProfile.objects.get(slug=COO).title == "Modifiée"
    assert not default_storage.exists(catalogue.image.name)


def test_restore_refuses_an_upload_whose_checksum_does_not_match(catalogue, tmp_path):
    backup(tmp_path / "out")
    altered = rewritten(
        only_archive(tmp_path / "out"),
        tmp_path / "altered.tar.gz",
        member_change=(f"media/{catalogue.image.name}", b"not the archived image"),
    )
    JobProfile.objects.filter(slug=COO).update(title="Modifiée")

    assert_refused(
        altered, f"Somme de contrôle fausse pour « media/{catalogue.image.name} »", "--replace"
    )

    assert JobProfile.objects.get(slug=COO).title == "Modifiée"
