"""Shared fixtures: the real site, built once per test session with `mkdocs build --strict`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(out_dir: Path, data_dir: Path | None = None, strict: bool = True,
               **env_vars: str) -> subprocess.CompletedProcess:
    """Build the real site (our mkdocs.yml, hooks and theme) into out_dir, optionally from other data."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    if data_dir is not None:
        env["PHONGTRAO_DATA"] = str(data_dir)
    cmd = MKDOCS + ["build", "--site-dir", str(out_dir), "--config-file", str(ROOT / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from the sample data in data/, strictly; fails the session if the build fails."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
