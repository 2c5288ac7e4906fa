"""README.md documents every setting read from the environment and every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_SOURCES = [ROOT / "src" / "recensia" / "config" / "settings.py",
               ROOT / "scripts" / "run_tests.py"]
ENV_READ = re.compile(
    r"""\b(?:env|env_bool|env_list|os\.environ\.get|os\.getenv|base\.get|base\.setdefault|_flag)"""
    r"""\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\b(?:os\.environ|base)\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)
COMMANDS = sorted(path for path in (ROOT / "src" / "recensia").glob("*/management/commands/*.py")
                  if path.name != "__init__.py")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"section « {title} » absente du README"
    return match.group(1)


def environment_variables() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in ENV_SOURCES:
        for match in ENV_READ.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or match.group(2)
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_variables_it_must_find():
    # Guards the regular expression: an empty scan would make the next test pass for nothing.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DATABASE_URL_POSTGRES",
            "REQUIRE_POSTGRES", "REQUIRE_BROWSER", "CHROMIUM_PATH"} <= set(environment_variables())


def test_every_environment_variable_is_documented_in_the_configuration_section():
    configuration = _section("Configuration")
    missing = {name: where for name, where in environment_variables().items()
               if f"`{name}`" not in configuration}
    assert missing == {}, "variables lues mais absentes de la section Configuration du README"


def test_there_are_commands_to_check():
    assert {path.stem for path in COMMANDS} >= {"load_territories", "load_reference_lists",
                                                 "load_demo", "import_projects"}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: path.stem)
def test_every_management_command_and_its_options_are_in_the_readme(path):
    name = path.stem
    commands = _section("Commandes")
    lines = [line for line in commands.splitlines()
             if re.search(rf"`recensia {re.escape(name)}(?:[ `])", line)]
    assert lines, f"la commande « recensia {name} » n'est pas décrite dans le README"
    options = re.findall(r"""add_argument\(\s*["'](--[a-z][a-z0-9-]*)["']""",
                         path.read_text(encoding="utf-8"))
    undocumented = [option for option in options if not any(option in line for line in lines)]
    assert undocumented == [], f"options de « recensia {name} » absentes du README"


def _code_map() -> list[str]:
    """Names at the start of the lines of the diagram in « Carte du code »."""
    block = re.search(r"```\n(.*?)```", _section("Carte du code"), flags=re.S)
    assert block, "la carte du code n'a pas de schéma"
    return re.findall(r"^([a-z_]+) ", block.group(1), flags=re.M)


def test_the_code_map_names_every_app_of_the_package():
    apps = {path.parent.name for path in (ROOT / "src" / "recensia").glob("*/__init__.py")}
    assert {"www", "search", "footprint"} <= apps  # the scan finds the apps
    assert sorted(_code_map()) == sorted(apps)


def test_the_code_map_shows_the_stack_that_import_linter_enforces():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    engines = next(c["modules"] for c in contracts if c["type"] == "independence")
    assert _code_map() == layers + [name.removeprefix("recensia.") for name in engines]
