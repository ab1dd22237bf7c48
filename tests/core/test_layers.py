"""The layers of DESIGN.md §1 hold, and the contract really fails when one is broken."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = [str(Path(sys.executable).parent / "lint-imports")]


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LINT, "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_its_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_from_a_higher_layer_breaks_the_contract(tmp_path):
    """orgs importing roster (the cycle the architecture review found) fails the check."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "liangxin",
        tmp_path / "liangxin",
        ignore=shutil.ignore_patterns("templates", "static", "__pycache__"),
    )
    services = tmp_path / "liangxin" / "orgs" / "services.py"
    services.write_text(
        services.read_text(encoding="utf-8")
        + "\n\ndef _assigned(org):\n"
        + "    from liangxin.roster.models import Assignment\n\n"
        + "    return Assignment.objects.filter(organization=org)\n",
        encoding="utf-8",
    )
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "liangxin.orgs is not allowed to import liangxin.roster" in result.stdout
    assert "liangxin.orgs.services -> liangxin.roster.models" in result.stdout
