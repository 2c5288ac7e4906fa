"""`recensia backup` then `recensia restore` into an empty database gives back every row of
every table, on the database the suite runs on (SQLite, then PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import psycopg
import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from recensia.accounts.models import Invitation
from recensia.accounts.services import create_api_token
from recensia.core.backup import Database, backup, restore
from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.projects import services as project_services
from recensia.projects import taxonomy
from recensia.projects.models import Domain, ProjectKind, WorkflowState
from recensia.search.services import save_synonym_group
from recensia.territories.models import Organization, OrganizationKind, OtherBodyType
from recensia.territories.services import set_service_contact
from tests.factories import MembershipFactory, UserFactory, make_project

pytestmark = pytest.mark.django_db(transaction=True)

# Rows a fresh database may lack: no session is opened, no table is waiting for import,
# the design system's optional site settings are not used, and django-axes keeps neither a
# log of successful logins nor one of every failure (settings: only the counts).
MAY_BE_EMPTY = {"django_session", "django_admin_log", "opendata_pendingimport",
                "dsfr_dsfrconfig", "dsfr_dsfrsocialmedia", "axes_accesslog",
                "axes_accessfailurelog"}


def _register_with_everything():
    moderator = UserFactory(moderator=True, email="moderation@example.fr")
    group = Group.objects.create(name="Relecteurs")
    group.permissions.add(Permission.objects.get(codename="change_project"))
    moderator.groups.add(group)
    member = MembershipFactory(referent=True)
    MembershipFactory(organization=member.organization, pending=True)
    body = Organization.objects.create(kind=OrganizationKind.OTHER, name="Syndicat des eaux",
                                       other_type=OtherBodyType.SYNDICAT)
    owner = member.organization
    projects = {state: make_project(owner=owner, author=member.user, state=state,
                                    title=f"Projet {state}") for state in WorkflowState.values}
    published = projects[WorkflowState.PUBLISHED]
    data = project_services.ProjectData(
        fields={"results_summary": "Fuites repérées deux fois plus tôt.",
                "kind": ProjectKind.AI_SYSTEM},
        vendor_name="Fournisseur SAS", vendor_siren="123456789",
        partners=[(body, "partner")],
        indicators=[{"label": "Volume perdu", "value_before": "120.5", "value_after": "80",
                     "unit": "m³/jour", "measured_by": "Régie", "measured_on": "2024",
                     "source_url": "https://www.example.fr/bilan", "note": ""}],
    )
    # Applied at once by the moderation; the member's later change waits for it.
    published = project_services.update_project(project=published, author=moderator, data=data,
                                                expected_version=published.version,
                                                check_permissions=False)
    project_services.update_project(
        project=published, author=member.user, expected_version=published.version,
        data=project_services.ProjectData(fields={"status_detail": "Phase 2"}))
    FootprintAssessment.objects.create(project=published, inputs={"profiles": []},
                                       result={"total": 1}, engine_version="1",
                                       data_versions={"ecologits": "0.11.3"},
                                       gwp_central_kg=12.5, created_by=member.user)
    ComplianceAssessment.objects.create(project=published, answers={"role": "deployer"},
                                        evaluation={"rules": []}, as_of="2026-01-01",
                                        engine_version="1", rules_version="1",
                                        tier="minimal", created_by=member.user)
    taxonomy.save_taxonomy_entry(user=moderator, model=Domain,
                                 name="Cimetières", description="Ajout de la modération")
    save_synonym_group(user=moderator, terms="cantine, restauration scolaire")
    create_api_token(user=member.user, organization=owner, name="Logiciel de la DSI")
    set_service_contact(organization=owner, label="Direction du numérique",
                        email="numerique@mairie.example.fr", author=member.user)
    Invitation.objects.create(organization=owner, email="dgs@mairie.example.fr",
                              invited_by=member.user, key_hash="0" * 64,
                              expires_at=timezone.now() + dt.timedelta(days=7))
    attempt = AccessAttempt.objects.create(  # a failed login being counted
        username="inconnu@example.fr", ip_address="192.0.2.10", user_agent="essai",
        http_accept="text/html", path_info="/compte/connexion/", get_data="", post_data="",
        failures_since_start=2)
    AccessAttemptExpiration.objects.create(access_attempt=attempt,
                                           expires_at=timezone.now() + dt.timedelta(minutes=15))
    # The solutions catalogue, its uses, a pooling offer and its history.
    from recensia.pooling.models import (
        PoolingEvent,
        PoolingOffer,
        SolutionReferent,
        SolutionUse,
    )
    from recensia.solutions.models import Solution, SolutionRevision, Vendor, VendorCheck

    vendor = Vendor.objects.create(name="Éditeur B", siren="732829320")
    VendorCheck.objects.create(vendor=vendor, state="active", checked_on=timezone.localdate(),
                               checked_by=moderator)
    solution = Solution.objects.create(name="Assistant B", slug="assistant-b",
                                       summary="Un assistant", vendor=vendor)
    SolutionRevision.objects.create(solution=solution, number=1, action="Création",
                                    snapshot={"name": "Assistant B"})
    SolutionUse.objects.create(solution=solution, organization=owner,
                               use_case="Accueil téléphonique", declared_by=member.user)
    SolutionReferent.objects.create(solution=solution, organization=owner, user=member.user,
                                    role="DSI", contact_email="dsi@mairie.example.fr")
    PoolingOffer.objects.create(project=published, cost_sharing="À parts égales",
                                open_until=timezone.localdate() + dt.timedelta(days=90),
                                contact_name="DSI", contact_email="dsi@mairie.example.fr",
                                opened_by=member.user)
    PoolingEvent.objects.create(action="Offre ouverte")
    # An error report, an import with its rows, a requested body and the background job.
    from django_tasks_db.models import DBTaskResult

    from recensia.imports.models import BodyRequest, ImportedRow, ImportJob, SavedMapping

    project_services.report_error(project=published, message="Le projet est arrêté.",
                                  client_key="192.0.2.20")
    SavedMapping.objects.create(organization=owner)
    job = ImportJob.objects.create(file_name="inventaire.csv", content=b"titre\nA\n")
    ImportedRow.objects.create(job=job, line=2, source_id="A", outcome="written")
    BodyRequest.objects.create(name="Office de tourisme", requested_by=member.user, job=job)
    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="essai.tache",
                                backend_name="default", run_after=timezone.now(),
                                exception_class_path="", traceback="")
    # A purchase grid with an offer received, and its history.
    from recensia.procurement import services as procurement_services

    grid = procurement_services.create_grid(author=member.user, organization=owner,
                                            preset="chatbot")
    procurement_services.save_offer(grid=grid, author=member.user,
                                    data=procurement_services.OfferData(
                                        vendor="Éditeur A", price_eur=None, notes={},
                                        footprint_inputs=None))


def _tables(connect) -> dict[str, list[tuple]]:
    """Every table of the database with all its rows, in a stable order."""
    with connect() as raw:
        cursor = raw.cursor()
        if isinstance(raw, sqlite3.Connection):
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%'")
        else:
            cursor.execute("SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        names = sorted(row[0] for row in cursor.fetchall())
        content = {}
        for name in names:
            cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the catalogue
            content[name] = sorted(cursor.fetchall(), key=repr)
    return content


@pytest.fixture
def empty_database(tmp_path):
    """Settings of a second, empty database of the same kind, and a way to read it."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        yield settings, lambda: sqlite3.connect(settings["NAME"])
        return
    settings["NAME"] = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')

    def connect():
        return psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or None,
                               port=settings["PORT"] or None, user=settings["USER"] or None,
                               password=settings["PASSWORD"] or None)
    yield settings, connect
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def _source_connect():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return sqlite3.connect(settings["NAME"], uri=str(settings["NAME"]).startswith("file:"))
    return psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or None,
                           port=settings["PORT"] or None, user=settings["USER"] or None,
                           password=settings["PASSWORD"] or None)


def test_restore_into_an_empty_database_gives_back_every_row_of_every_table(
        tmp_path, empty_database):
    _register_with_everything()
    target_settings, read_target = empty_database
    path = backup(Database(connection.settings_dict), tmp_path / "sauvegardes")
    assert path.stat().st_mode & 0o077 == 0  # accounts: readable by the owner only

    restore(Database(target_settings), path)

    before, after = _tables(_source_connect), _tables(read_target)
    model_tables = {model._meta.db_table for model in apps.get_models()}
    assert model_tables <= set(before)
    empty = {name for name in model_tables if not before[name]} - MAY_BE_EMPTY
    assert empty == set(), "le jeu d'essai doit remplir chaque table des modèles"
    assert set(after) == set(before)
    for name in before:
        assert after[name] == before[name], f"table {name} différente après restauration"


def test_commands_back_up_and_refuse_a_file_that_is_not_a_backup(tmp_path):
    make_project(state=WorkflowState.PUBLISHED)
    call_command("backup", dir=tmp_path, keep=1)
    call_command("backup", dir=tmp_path, keep=1)
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert len(written) == 1 and written[0].startswith("recensia-")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("rien", encoding="utf-8")
    with pytest.raises(CommandError, match="pas une sauvegarde"):
        call_command("restore", str(bogus), noinput=True)


def test_restore_of_a_damaged_file_changes_nothing(tmp_path):
    make_project(state=WorkflowState.PUBLISHED, title="Toujours là")
    path = backup(Database(connection.settings_dict), tmp_path)
    damaged = tmp_path / path.name.replace("recensia-", "recensia-0")
    damaged.write_bytes(Path(path).read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CommandError):
        call_command("restore", str(damaged), noinput=True)
    from recensia.projects.models import Project
    assert Project.objects.filter(title="Toujours là").exists()
