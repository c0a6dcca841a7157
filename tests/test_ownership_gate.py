"""Hardening, class 2: the ownership gate's verdict cannot be changed by the pull request it judges.

A PR that plants modules the checker imports (a top-level `yaml.py`, a `phongtrao/`
package, a `pip/` package, each `import os; os._exit(0)`), while it changes
another unit's file and `hooks/`, must still be refused: the gate runs the base
tree's checker in isolated mode, reads the PR only as git objects, and is run
here exactly as the workflow runs it (.github/ownership-gate.sh).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANT = "import os\nos._exit(0)\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")).stdout


@pytest.fixture
def repos(tmp_path):
    """(base tree with the real gate and checker, the PR's own clone with planted modules checked out)."""
    base = tmp_path / "base"
    (base / ".github").mkdir(parents=True)
    (base / "data/units/ia-bang").mkdir(parents=True)
    shutil.copytree(ROOT / "hooks/phongtrao", base / "hooks/phongtrao",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".github/ownership-gate.sh", base / ".github/ownership-gate.sh")
    (base / ".github/site-team.yml").write_text("team: \"@org/quan-tri\"\nmembers: [quan-tri]\n")
    (base / "data/units/ia-bang/lang-bi.yml").write_text("id: ia-bang-lang-bi\nmaintainers: [alice]\n")
    (base / "data/units/ia-bang/plei-ngol.yml").write_text("id: ia-bang-plei-ngol\nmaintainers: [bob]\n")
    git(base, "init", "-q", "-b", "main")
    git(base, "add", ".")
    git(base, "commit", "-q", "-m", "base")
    # the attacker's branch: another unit's file, hooks/, and modules planted wherever an import might look
    pr = tmp_path / "pr"
    git(tmp_path, "clone", "-q", str(base), str(pr))
    git(pr, "checkout", "-q", "-b", "attack")
    (pr / "data/units/ia-bang/plei-ngol.yml").write_text("id: ia-bang-plei-ngol\nmaintainers: [bob, mallory]\n")
    (pr / "hooks/phongtrao/ownership.py").write_text(PLANT)
    for planted in ("yaml.py", "logsafe.py", "phongtrao/__init__.py", "pip/__init__.py",
                    "hooks/phongtrao/logsafe.py", "argparse.py", "subprocess.py", "sitecustomize.py"):
        (pr / planted).parent.mkdir(parents=True, exist_ok=True)
        (pr / planted).write_text(PLANT)
    git(pr, "add", "-A")
    git(pr, "commit", "-q", "-m", "attack")
    # the base repository fetches the PR branch as data, as the workflow does
    git(base, "fetch", "-q", str(pr), "+attack:refs/remotes/pr/head")
    return base, pr


def propose(base: Path, tmp_path: Path, branch: str, files: dict[str, str]) -> None:
    """A contributor's branch changing `files`, fetched into the base repository as the PR head."""
    work = tmp_path / branch
    git(tmp_path, "clone", "-q", str(base), str(work))
    git(work, "checkout", "-q", "-b", branch)
    for rel, text in files.items():
        (work / rel).write_text(text)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", branch)
    git(base, "fetch", "-q", str(work), f"+{branch}:refs/remotes/pr/head")


def gate(base: Path, cwd: Path, repo: Path, author: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(base / ".github/ownership-gate.sh"), str(repo), "main", "refs/remotes/pr/head", author],
                          cwd=cwd, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHON=sys.executable, **env))


def test_planted_modules_cannot_make_the_gate_pass(repos):
    base, pr = repos
    proc = gate(base, base, base, "mallory")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "data/units/ia-bang/plei-ngol.yml: tài khoản mallory không có trong danh sách" in proc.stdout
    assert "hooks/phongtrao/ownership.py: chỉ nhóm quản trị trang" in proc.stdout
    assert "yaml.py: chỉ nhóm quản trị trang" in proc.stdout


def test_the_verdict_is_the_same_from_inside_the_prs_checkout_and_with_its_python_path(repos):
    """Even run from the PR's work tree, with PYTHONPATH and PYTHONSTARTUP pointing into it."""
    base, pr = repos
    git(pr, "fetch", "-q", str(base), "main:main")
    git(pr, "update-ref", "refs/remotes/pr/head", "attack")
    proc = gate(base, pr, pr, "mallory", PYTHONPATH=f"{pr}:{pr / 'hooks'}", PYTHONSTARTUP=str(pr / "yaml.py"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "plei-ngol.yml: tài khoản mallory" in proc.stdout


def test_the_gate_still_lets_a_maintainer_through(repos, tmp_path):
    base, _ = repos
    propose(base, tmp_path, "mine", {"data/units/ia-bang/lang-bi.yml": "id: ia-bang-lang-bi\nmaintainers: [alice]\nupdated: 2026-10-01\n"})
    proc = gate(base, base, base, "alice")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_deeply_nested_unit_file_cannot_crash_the_gate(repos, tmp_path):
    base, _ = repos
    propose(base, tmp_path, "deep", {"data/units/ia-bang/lang-moi.yml": "maintainers: [mallory]\nx: " + "[" * 30000 + "\n"})
    proc = gate(base, base, base, "mallory")
    # libyaml would crash the process (exit 139); the file is unreadable, so its author is not a maintainer
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "lang-moi.yml: tài khoản mallory" in proc.stdout


def test_a_file_name_cannot_print_a_workflow_command(repos, tmp_path):
    base, _ = repos
    propose(base, tmp_path, "odd", {"x\n::stop-commands::tok": "x\n"})
    proc = gate(base, base, base, "mallory", GITHUB_ACTIONS="true")
    assert proc.returncode == 1
    assert not any(line.startswith("::stop-commands") for line in proc.stdout.splitlines())
    assert any(line.startswith("::error file=") for line in proc.stdout.splitlines())
