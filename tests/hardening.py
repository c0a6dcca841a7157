"""A throw-away copy of the project that a test can attack: its own docs/, data/ and mkdocs.yml.

The copy shares the real hooks and theme (INHERIT from the real mkdocs.yml), so a
build of it is the real build of other content. Used by the hardening tests,
each of which plants what an attacker controls (one unit file, one page, one
cache entry) and builds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> Path:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def generate(self, out: Path | None = None) -> subprocess.CompletedProcess:
        """The pipeline without MkDocs (`cli generate`): every generated page and data file under `out`."""
        out = out or self.root / "generated"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), PHONGTRAO_DATA=str(self.data))
        return subprocess.run([sys.executable, "-m", "phongtrao.cli", "generate", str(out), "--config", str(self.config)],
                              cwd=self.root, env=env, capture_output=True, text=True, timeout=300)

    def build(self, out: Path | None = None, strict: bool = False, **env_vars: str) -> subprocess.CompletedProcess:
        out = out or self.root / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PHONGTRAO_DATA=str(self.data), **env_vars)
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.config), "-d", str(out)]
        if strict:
            cmd.append("--strict")
        return subprocess.run(cmd, cwd=self.root, env=env, capture_output=True, text=True, timeout=600)


def project_copy(where: Path, overrides: bool = False) -> Project:
    """docs/, data/ and permalinks.yml copied into `where`, with a mkdocs.yml inheriting the real one.

    overrides=True copies the theme overrides too (for a test that plants a template).
    """
    where.mkdir(parents=True, exist_ok=True)
    theme = ROOT / "overrides"
    if overrides:
        shutil.copytree(theme, where / "overrides")
        theme = where / "overrides"
    shutil.copytree(ROOT / "docs", where / "docs", symlinks=True)
    shutil.copytree(ROOT / "data", where / "data", symlinks=True)
    shutil.copy(ROOT / "permalinks.yml", where / "permalinks.yml")
    (where / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {where / 'docs'}\n"
        f"hooks: [{ROOT / 'hooks' / 'mkdocs_hooks.py'}]\n"
        f"theme: {{name: material, language: vi, custom_dir: {theme}, font: false}}\n",
        encoding="utf-8")
    return Project(where)
