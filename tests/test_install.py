"""The built wheel works on its own: installed into a fresh venv, run from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT
from test_rules import D120_NOTE


@pytest.mark.slow
def test_wheel_installs_and_cites(tmp_path: Path) -> None:
    """`pip install` of the wheel carries the styles and records; `archcite cite 120` works anywhere."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], check=True, capture_output=True
    )
    wheel = next(dist.glob("archcite-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ARCHCITE_RECORDS"}
    result = subprocess.run(
        [bin_dir / "archcite", "cite", "120", "--style", "chicago"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, D120_NOTE + "\n", "")
    result = subprocess.run(
        [bin_dir / "archcite", "cite", "120", "--style", "turabian", "--edition", "17"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2
    result = subprocess.run(
        [bin_dir / "archcite", "cite", "120", "--edition", "17"], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert result.stdout == D120_NOTE + "\n"
