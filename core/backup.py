"""One archive holding the database and every uploaded file, and the way back from it.

An archive is a gzipped tar: `manifest.json` (versions, applied migrations, row counts,
the sha256 of every other member), the database dump (`database.dump`, pg_dump's custom
format, or `database.sqlite3`, a copy made by SQLite's online backup API) and the uploads
under `media/`, read through the storage API so a bucket is backed up like a folder.
Restoring reads and checks the whole archive before it changes anything.
"""

import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

import django
from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
ARCHIVE_PATTERN = re.compile(r"^careers-\d{8}-\d{6}\.tar\.gz$")
# The rows that make a database worth keeping: what migrations create does not count.
COUNTED_MODELS = (
    "jobprofiles.JobProfile",
    "jobprofiles.JobFamily",
    "jobprofiles.Mission",
    "jobprofiles.RelatedProfile",
    "taggit.Tag",
    "reversion.Revision",
    "reversion.Version",
    "auth.User",
    "admin.LogEntry",
    "core.AuditEntry",
)


class BackupError(Exception):
    """An archive that cannot be written or trusted; the message is for the operator."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts():
    """Rows per counted model; a table that does not exist yet counts none."""
    counts = {}
    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        try:
            counts[label] = model._default_manager.count()
        except DatabaseError:
            counts[label] = 0
    return counts


def applied_migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def known_migrations():
    return {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}


def postgres_arguments():
    """pg_dump/pg_restore/psql options and environment for the default database."""
    settings = connection.settings_dict
    arguments = ["--host", settings["HOST"] or "localhost", "--port", str(settings["PORT"] or 5432)]
    arguments += ["--username", settings["USER"] or "postgres", "--dbname", settings["NAME"]]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or "", "PGCONNECT_TIMEOUT": "10"}
    return arguments, env


def tool_major_version(program):
    """The major version of a PostgreSQL client program, e.g. 15 for "pg_dump (PostgreSQL) 15.2"."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} est introuvable : installez le client PostgreSQL (postgresql-client)."
        )
    output = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    return int(re.search(r"\)\s*(\d+)", output).group(1))


def server_major_version():
    connection.ensure_connection()
    return connection.pg_version // 10000


def run(command, env=None, input=None):
    """Run a client program; its own error message becomes the operator's."""
    result = subprocess.run(command, env=env, input=input, capture_output=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué : {result.stderr.decode().strip()}")
    return result.stdout


def dump_database(folder):
    """Dump the database into folder; return the member's name and the tools' versions."""
    if connection.vendor == "postgresql":
        server, client = server_major_version(), tool_major_version("pg_dump")
        if client < server:
            raise BackupError(
                f"pg_dump {client} ne sait pas sauvegarder un serveur PostgreSQL {server} : "
                f"installez le client PostgreSQL {server} ou plus récent."
            )
        arguments, env = postgres_arguments()
        target = folder / "database.dump"
        run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments], env)
        return target.name, {"postgresql_server": server, "pg_dump": client}
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name, {"sqlite": sqlite3.sqlite_version}
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")


def uploaded_files(storage, folder=""):
    """Every file name in the storage, recursively (works for folders and buckets)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for name in sorted(folders):
        yield from uploaded_files(storage, f"{folder}{name}/")


def create_archive(directory, now=None):
    """Write a dated archive into directory and return its path."""
    now = now or timezone.now()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"careers-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        # The dump first: files deleted meanwhile would be missing, extra ones are harmless.
        dump_name, tools = dump_database(scratch)
        members = {dump_name: scratch / dump_name}
        media = scratch / "media"
        for name in uploaded_files(default_storage):
            local = media / name
            local.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(local, "wb") as copy:
                shutil.copyfileobj(source, copy)
            members[f"media/{name}"] = local
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"vendor": connection.vendor, "dump": dump_name},
            "versions": {
                "django": django.get_version(),
                "python": platform.python_version(),
                **tools,
            },
            "migrations": applied_migrations(),
            "counts": row_counts(),
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                for name, path in members.items()
            },
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            for name, path in members.items():
                archive.add(path, arcname=name, recursive=False)
        partial.rename(target)  # never leave a half-written archive under an archive's name
    return target


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def prune(directory, keep):
    """Delete all but the newest `keep` archives in directory; return the deleted paths."""
    paths = Path(directory).iterdir()
    archives = sorted(path for path in paths if ARCHIVE_PATTERN.match(path.name))
    old = archives[:-keep] if keep else []
    for path in old:
        path.unlink()
    return old


def unpack(archive_path, folder):
    """Extract and check the archive into folder; return its manifest.

    Any unreadable, truncated or altered archive raises BackupError before the caller
    changes anything.
    """
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest_member = archive.extractfile(MANIFEST)
            manifest = json.load(manifest_member)
            expected = manifest["files"]
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(f"Archive refusée : élément inattendu « {member.name} ».")
                archive.extract(member, folder, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, KeyError, ValueError, OSError) as error:
        raise BackupError(
            f"Archive illisible, tronquée ou abîmée ({error.__class__.__name__}) : "
            "rien n’a été modifié."
        ) from error
    for name, facts in expected.items():
        path = Path(folder) / name
        if not path.is_file():
            raise BackupError(f"Archive incomplète : « {name} » manque. Rien n’a été modifié.")
        if sha256_of(path) != facts["sha256"]:
            raise BackupError(
                f"Somme de contrôle fausse pour « {name} » : archive abîmée, rien n’a été modifié."
            )
    return manifest


def check_restorable(manifest, replace):
    """Refuse, before any change, what restore could not finish or should not do."""
    if manifest.get("format") != FORMAT:
        raise BackupError("Format d’archive inconnu : rien n’a été modifié.")
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Cette archive vient d’une base {vendor} et la base configurée est "
            f"{connection.vendor} : rien n’a été modifié."
        )
    unknown = sorted(set(manifest["migrations"]) - known_migrations())
    if unknown:
        raise BackupError(
            "L’archive vient d’une version plus récente du code (migrations inconnues : "
            f"{', '.join(unknown)}). Déployez cette version d’abord ; rien n’a été modifié."
        )
    if vendor == "postgresql":
        client, dumped_with = tool_major_version("pg_restore"), manifest["versions"]["pg_dump"]
        if client < dumped_with:
            raise BackupError(
                f"pg_restore {client} ne sait pas lire une sauvegarde de pg_dump {dumped_with} : "
                "rien n’a été modifié."
            )
        tool_major_version("psql")
    if not replace and any(row_counts().values()):
        raise BackupError(
            "La base de données n’est pas vide : relancez avec --replace pour la remplacer "
            "par l’archive. Rien n’a été modifié."
        )


def restore_database(path):
    if connection.vendor == "postgresql":
        arguments, env = postgres_arguments()
        connection.close()
        script = run(["pg_restore", "--no-owner", "--no-privileges", "--file", "-", str(path)])
        # One transaction: the old schema goes only if the whole archive comes in.
        run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--set",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "--command",
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
                "--file",
                "-",
                *arguments,
            ],
            env,
            script,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()


def restore_media(folder, manifest):
    """Put every archived upload back under its own name."""
    for name in manifest["files"]:
        if not name.startswith("media/"):
            continue
        storage_name = name.removeprefix("media/")
        if default_storage.exists(storage_name):
            default_storage.delete(storage_name)
        with open(Path(folder) / name, "rb") as source:
            saved = default_storage.save(storage_name, File(source))
        if saved != storage_name:
            raise BackupError(f"Le fichier « {storage_name} » a été enregistré sous « {saved} ».")


def restore_archive(archive_path, replace=False):
    """Restore the database and the uploads from an archive; return its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        manifest = unpack(archive_path, folder)
        check_restorable(manifest, replace)
        restore_database(Path(folder) / manifest["database"]["dump"])
        restore_media(folder, manifest)
    # An older archive comes up to the code's schema; migrate also drops cached pages.
    call_command("migrate", interactive=False, verbosity=0)
    return manifest
