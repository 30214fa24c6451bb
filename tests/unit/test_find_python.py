"""scripts/find-python.sh finds an interpreter through pyenv or PATH, or says what to install."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "find-python.sh"


def fake_python(path: Path, version: str) -> Path:
    """An executable that answers the script's version probe as Python `version` would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\ncase \"$2\" in *\"'{version}'\"*) echo {path}; exit 0;; esac\nexit 1\n")
    path.chmod(0o755)
    return path


def run(*versions: str, path: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "HOME": str(home), "PYENV_ROOT": str(home / ".pyenv")}
    return subprocess.run(["/bin/sh", str(SCRIPT), *versions], capture_output=True, text=True, env=env,
                          timeout=30)


def test_the_first_version_found_wins_and_pyenv_is_searched(tmp_path: Path) -> None:
    newer = fake_python(tmp_path / ".pyenv" / "versions" / "3.77.1" / "bin" / "python3.77", "3.77")
    older = fake_python(tmp_path / ".pyenv" / "versions" / "3.76.0" / "bin" / "python3.76", "3.76")
    assert run("3.77", "3.76", path="/usr/bin:/bin", home=tmp_path).stdout.strip() == str(newer)
    assert run("3.78", "3.76", path="/usr/bin:/bin", home=tmp_path).stdout.strip() == str(older)


def test_a_python_on_path_is_found(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    found = fake_python(bin_dir / "python3.77", "3.77")
    done = run("3.77", path=f"{bin_dir}:/usr/bin:/bin", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(found)


def test_a_missing_version_says_what_to_install(tmp_path: Path) -> None:
    done = run("3.77", "3.76", path="/usr/bin:/bin", home=tmp_path)
    assert done.returncode == 1 and not done.stdout
    assert "Python 3.77 or 3.76" in done.stderr
    assert "pyenv install 3.77" in done.stderr and "apt-get install python3.77" in done.stderr


def test_the_rasa_interpreter_is_asked_for_as_3_10(tmp_path: Path) -> None:
    done = subprocess.run(["/bin/sh", str(ROOT / "scripts" / "find-python310.sh")], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                          "PYENV_ROOT": str(tmp_path)}, timeout=30)
    if done.returncode:
        assert "Python 3.10" in done.stderr and "Rasa" in done.stderr


def test_the_makefile_and_pyproject_agree_on_the_project_python() -> None:
    makefile = (ROOT / "Makefile").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "PYTHON_VERSIONS := 3.13 3.12" in makefile
    assert 'requires-python = ">=3.12,<3.14"' in pyproject
    assert 'target-version = "py312"' in pyproject
