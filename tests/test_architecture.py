"""The one-way stack of apps (README, « Carte du code ») holds, and its contracts would catch
a break: each check below runs import-linter (`lint-imports`, as `make test` does) on the
real code, then on a copy of the code with one forbidden import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recensia"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(source_root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Runs the contracts of pyproject.toml on the package found in ``source_root``."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache",
         "--no-logo"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def code_copy(tmp_path: Path) -> Path:
    """A copy of the Python files of the package, to break on purpose."""
    root = tmp_path / "src"
    shutil.copytree(PACKAGE, root / "recensia",
                    ignore=lambda _dir, names: [n for n in names if n in {
                        "__pycache__", "templates", "static", "data", "migrations"}])
    return root


def _add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_code_keeps_every_contract(tmp_path):
    result = lint_imports(PACKAGE.parent, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "message"), [
    # A lower app importing a higher one, even inside a function.
    ("projects/services.py", "def _f():\n    from recensia.search import services",
     "recensia.projects is not allowed to import recensia.search"),
    ("territories/views.py", "from recensia.accounts import permissions",
     "recensia.territories is not allowed to import recensia.accounts"),
    ("search/selectors.py", "from recensia.www import views",
     "recensia.search is not allowed to import recensia.www"),
    # Procurement sits above evaluations: evaluations may not import it; its pure logic
    # imports no Django.
    ("evaluations/views.py", "from recensia.procurement import grid",
     "recensia.evaluations is not allowed to import recensia.procurement"),
    ("procurement/scoring.py", "import django",
     "recensia.procurement.scoring is not allowed to import django"),
    # An engine importing Django, or the other engine.
    ("footprint/units.py", "import django", "recensia.footprint is not allowed to import django"),
    ("compliance/rules.py", "from recensia import footprint",
     "recensia.compliance is not allowed to import recensia.footprint"),
    # A cycle between two files of one app.
    ("search/index.py", "def _f():\n    from recensia.search import loader",
     "No cycles are allowed in recensia.search"),
])
def test_a_forbidden_import_breaks_a_contract(code_copy, tmp_path, module, line, message):
    _add_line(code_copy / "recensia" / module, line)
    result = lint_imports(code_copy, tmp_path)
    assert result.returncode == 1
    assert message in " ".join(result.stdout.split()), result.stdout


def test_a_new_app_must_take_its_place_in_the_stack(code_copy, tmp_path):
    (code_copy / "recensia" / "newapp").mkdir()
    (code_copy / "recensia" / "newapp" / "__init__.py").write_text("", encoding="utf-8")
    result = lint_imports(code_copy, tmp_path)
    assert result.returncode == 1
    assert "recensia.newapp" in result.stdout


def test_no_two_apps_import_each_other():
    """No cycle between apps, read from the import graph itself (not from the contracts)."""
    import grimp

    graph = grimp.build_graph("recensia", cache_dir=None)
    apps = sorted(m for m in graph.find_children("recensia") if m != "recensia.manage")
    assert len(apps) >= 12
    cycles = [(a, b) for i, a in enumerate(apps) for b in apps[i + 1:]
              if graph.chain_exists(a, b, as_packages=True)
              and graph.chain_exists(b, a, as_packages=True)]
    assert cycles == []


def test_no_file_names_a_folder_of_one_machine():
    """Scripts find the shared data folder from their own location (``--shared``), never
    from an absolute path that exists on one machine only."""
    import re

    machine_path = re.compile(r"""["'`(=\s]/(?:work|home|Users|root|mnt|srv)/""")
    files = [path for folder in ("src", "scripts", "tests", "benchmarks", ".ci")
             for path in (ROOT / folder).rglob("*")
             if path.is_file() and path.suffix in {".py", ".md", ".toml", ".txt", ".html", ""}]
    files += [ROOT / name for name in ("Makefile", "README.md", "pyproject.toml")]
    assert len(files) > 100  # the scan reads the repository
    found = [str(path.relative_to(ROOT)) for path in files
             if machine_path.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert found == []
