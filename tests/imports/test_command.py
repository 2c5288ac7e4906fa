"""Saved mappings as data: proposed by the assistant, reviewed, replayed by a command."""

import json

from django.core.management import call_command

from recensia.imports.models import ImportJob
from recensia.projects.models import Project, ProjectRevision, WorkflowState
from recensia.territories.models import Organization
from tests.imports.conftest import INVENTORY


def _reviewed_mapping(tmp_path):
    path = tmp_path / "inventaire.correspondances.json"
    call_command("import_mapped", str(INVENTORY), "--correspondances", str(path), "--proposer",
                 verbosity=0)
    mapping = json.loads(path.read_text(encoding="utf-8"))
    assert mapping["format"] == "recensia-correspondances"
    assert mapping["values"]["status"]["en service depuis 2023"]["value"] == "deployed"
    assert mapping["values"]["owner"]["SDIS du Finistère"]["body"]["other_type"] == "sdis"
    # What the assistant was not sure of is left for the person: here, chosen by hand.
    assert "incendie" not in mapping["values"]["domains"]
    mapping["values"]["domains"]["incendie"] = {"value": ["risques-naturels"]}
    mapping["values"]["domains"]["inondations"] = {"value": ["risques-naturels"]}
    mapping["values"]["techniques"]["(charte)"] = {"value": []}
    path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_reviewed_mapping_is_replayed_and_replaying_changes_nothing(finistere, tmp_path,
                                                                      capsys):
    path = _reviewed_mapping(tmp_path)
    call_command("import_mapped", str(INVENTORY), "--correspondances", str(path))
    assert "22 ligne(s), 22 enregistrée(s), 0 en attente d'un organisme, 0 à corriger" in \
        capsys.readouterr().out
    sdis = Organization.objects.get(name="SDIS du Finistère")
    assert sdis.other_type == "sdis"
    assert Project.objects.filter(state=WorkflowState.PUBLISHED).count() == 22
    assert Project.objects.get(source_id="ALG-17").owner == sdis
    before = (Organization.objects.count(), ProjectRevision.objects.count(),
              ImportJob.objects.count())

    call_command("import_mapped", str(INVENTORY), "--correspondances", str(path))
    assert (Organization.objects.count(), ProjectRevision.objects.count(),
            ImportJob.objects.count()) == before


def test_a_dry_run_keeps_nothing(finistere, tmp_path, capsys):
    path = _reviewed_mapping(tmp_path)
    call_command("import_mapped", str(INVENTORY), "--correspondances", str(path), "--dry-run")
    assert "Simulation" in capsys.readouterr().out
    assert not Project.objects.exists()
    assert not Organization.objects.filter(name="SDIS du Finistère").exists()
