"""Backup and restore of the whole database with the databases' own tools.

- SQLite: the online backup API of SQLite (``sqlite3.Connection.backup``), the same as the
  ``.backup`` command of the ``sqlite3`` shell. It copies a consistent state while the web
  processes keep writing, and the restore writes through SQLite too (never a file copied
  over a live database and its write-ahead log). The copy is compressed with gzip.
- PostgreSQL: ``pg_dump --format=custom`` (compressed, consistent snapshot) and
  ``pg_restore --clean --if-exists --single-transaction``: a restore is all or nothing.

A backup holds every table of every application: projects in every state with all their
versions, indicators, sources, evaluations, reference lists, synonyms, accounts,
memberships and API keys (only their hashes are ever stored). The file name says which
database made it (``recensia-AAAAMMJJ-HHMMSS.sqlite3.gz`` or ``….pgdump``); a backup is
restored into a database of the same kind.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.backends.postgresql.client import DatabaseClient as PostgresClient

PREFIX = "recensia-"
EXTENSIONS = {"sqlite": ".sqlite3.gz", "postgresql": ".pgdump"}
COMMAND_TIMEOUT = 6 * 3600


class BackupError(Exception):
    """A backup or a restore failed; the message is in French and shown as is."""


@dataclass(frozen=True)
class Database:
    """The database to back up or restore into: Django's settings of one connection."""

    settings: dict[str, Any]

    @property
    def vendor(self) -> str:
        engine = self.settings["ENGINE"]
        if engine.endswith("sqlite3"):
            return "sqlite"
        if engine.endswith("postgresql"):
            return "postgresql"
        raise BackupError(f"Base de données non prise en charge : {engine}.")


def kind_of(path: Path) -> str:
    for vendor, extension in EXTENSIONS.items():
        if path.name.endswith(extension):
            return vendor
    raise BackupError(f"{path.name} n'est pas une sauvegarde de RecensIA (fichier "
                      f"{' ou '.join(EXTENSIONS.values())} attendu).")


def backup_name(vendor: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{PREFIX}{now:%Y%m%d-%H%M%S}{EXTENSIONS[vendor]}"


def _pg_command(tool: str, settings: dict[str, Any], parameters: list[str]):
    if shutil.which(tool) is None:
        raise BackupError(f"L'outil « {tool} » de PostgreSQL est introuvable : installez le "
                          "client PostgreSQL de la même version que le serveur (paquet "
                          "postgresql-client).")
    args, env = PostgresClient.settings_to_cmd_args_env(settings, parameters)
    args[0] = tool
    return args, {**os.environ, **(env or {})}


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True,  # noqa: S603
                              timeout=COMMAND_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} : délai dépassé.") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} a échoué : {detail[-1] if detail else done.returncode}.")


def _sqlite_connect(settings: dict[str, Any]) -> sqlite3.Connection:
    name = str(settings["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=60)


def backup(database: Database, directory: Path) -> Path:
    """Writes a complete backup into ``directory`` (created if needed); returns its path.
    The file appears only once complete (written next to it, then renamed)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / backup_name(database.vendor)
    handle, partial = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.")
    os.close(handle)
    try:
        if database.vendor == "sqlite":
            _backup_sqlite(database.settings, Path(partial))
        else:
            args, env = _pg_command("pg_dump", database.settings,
                                    ["--format=custom", "--no-owner", "--no-privileges",
                                     f"--file={partial}"])
            _run(args, env, "La sauvegarde (pg_dump)")
        os.chmod(partial, 0o600)  # accounts and key hashes: readable by the owner only
        Path(partial).replace(target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _backup_sqlite(settings: dict[str, Any], target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "copy.sqlite3"
        source = _sqlite_connect(settings)
        destination = sqlite3.connect(copy)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        with copy.open("rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
            shutil.copyfileobj(raw, packed)


def restore(database: Database, path: Path) -> None:
    """Replaces the whole content of ``database`` by the backup ``path``: all or nothing."""
    if not path.is_file():
        raise BackupError(f"Sauvegarde introuvable : {path}.")
    kind = kind_of(path)
    if kind != database.vendor:
        raise BackupError(f"Cette sauvegarde vient d'une base {kind} : elle ne se restaure "
                          f"que dans une base {kind} (la base configurée est "
                          f"{database.vendor}).")
    if kind == "sqlite":
        _restore_sqlite(database.settings, path)
    else:
        args, env = _pg_command("pg_restore", database.settings,
                                ["--clean", "--if-exists", "--no-owner", "--no-privileges",
                                 "--single-transaction", "--exit-on-error",
                                 f"--dbname={database.settings['NAME']}"])
        # settings_to_cmd_args_env ends with the database name: pg_restore takes the file
        # there (the database is named by --dbname).
        args[-1] = str(path)
        _run(args, env, "La restauration (pg_restore)")


def _restore_sqlite(settings: dict[str, Any], path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "copy.sqlite3"
        try:
            with gzip.open(path, "rb") as packed, copy.open("wb") as raw:
                shutil.copyfileobj(packed, raw)
        except (OSError, EOFError) as exc:
            raise BackupError(f"{path.name} est illisible ou incomplet : {exc}.") from exc
        source = sqlite3.connect(copy)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{path.name} est endommagé ({check}).")
            destination = _sqlite_connect(settings)
            try:
                source.backup(destination)
            finally:
                destination.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path.name} n'est pas une base SQLite lisible : {exc}.") from exc
        finally:
            source.close()


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Deletes the oldest backups of ``directory`` beyond the ``keep`` newest ones."""
    backups = sorted(p for p in directory.glob(f"{PREFIX}*")
                     if any(p.name.endswith(ext) for ext in EXTENSIONS.values()))
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed
