"""The pull request review summary (python -m phongtrao.cli review): on a temporary git repository
with a known change, it names the units and fields that changed, moves the figures by exactly what
the change does, lists the pages that change, and never runs anything the pull request brings."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from phongtrao import cli, review

ROOT = Path(__file__).resolve().parent.parent
LANG_BI = "data/units/ia-bang/lang-bi.yml"
CAPHE = "data/units/ia-bang/cong-ty-ca-phe-cao-nguyen.yml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-11-20T08:00:00Z",
                               "GIT_COMMITTER_DATE": "2026-11-20T08:00:00Z", "PATH": "/usr/bin:/bin"}).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def known_change(tmp_path_factory):
    """A repository whose PR completes Làng Bi's second criterion, has the coffee company submit its
    overdue half-year report, and also tries to smuggle code and markup in."""
    repo = tmp_path_factory.mktemp("pr-repo")
    for name in ("data", "docs", "hooks"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "permalinks.yml", repo / "permalinks.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    edit(repo / LANG_BI, "    percent: 40\n    date: 2026-09-01\n",
         "    percent: 40\n    date: 2026-09-01\n  - criterion: mt-2\n    status: hoan-thanh\n    percent: 100\n"
         "    date: 2026-10-01\n")
    edit(repo / CAPHE, "    summary: Báo cáo nộp trễ.\n",
         "    summary: Báo cáo nộp trễ.\n  - period: 2026-6t\n    submitted: 2026-10-05\n")
    # what the PR's code would do if anything ran it: leave a mark
    marker = repo / "ran.txt"
    (repo / "hooks/phongtrao/review.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    (repo / "hooks/phongtrao/__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    (repo / "docs/lien-ket.md").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    result = review.compare(repo, "main~1", "main", ROOT / "mkdocs.yml")
    return repo, marker, result


def test_changed_units_and_their_fields_before_and_after(known_change):
    _, _, result = known_change
    assert [(u.path, u.name, u.change) for u in result.units] == [
        (CAPHE, "Công ty TNHH Cà phê Cao Nguyên Ia Băng", "sửa"), (LANG_BI, "Làng Bi", "sửa")]
    caphe, lang_bi = result.units
    assert [(f.field, f.before, f.after) for f in caphe.fields] == [
        ("báo cáo kỳ 2026-6t: ngày nộp", None, "05/10/2026")]
    assert [(f.field, f.before, f.after) for f in lang_bi.fields] == [
        ("tiêu chí mt-2 (01/10/2026): mức độ (%)", None, "100"),
        ("tiêu chí mt-2 (01/10/2026): tình trạng", None, "Hoàn thành")]


def test_figures_move_by_what_the_change_does(known_change):
    _, _, result = known_change
    moves = {f.what: (f.before, f.after) for f in result.figures}
    # Làng Bi had mt-1 of its two criteria done; now both
    assert moves["Làng Bi: tiêu chí đã hoàn thành"] == ("1/2 (50%)", "2/2 (100%)")
    # one more criterion done in the commune (9 of 54 before, as the locality page shows)
    assert moves["Xã Ia Băng: tiêu chí đã hoàn thành"] == ("9/54 (16,7%)", "10/54 (18,5%)")
    # the coffee company's half-year report: no longer overdue, now late (submitted after 20/06/2026)
    assert moves["Công ty TNHH Cà phê Cao Nguyên Ia Băng: báo cáo quá hạn"] == ("1", "0")
    before, after = moves["Xã Ia Băng: báo cáo 6 tháng đầu năm 2026: đúng hạn / trễ / quá hạn"]
    (on_time, late, overdue), (on_time2, late2, overdue2) = (map(int, s.split(" / ")) for s in (before, after))
    assert (on_time2, late2, overdue2) == (on_time, late + 1, overdue - 1) and overdue == 4
    assert result.overdue_gone == ["Công ty TNHH Cà phê Cao Nguyên Ia Băng (Xã Ia Băng): báo cáo kỳ 2026-6t, "
                                   "quá hạn 148 ngày"]
    assert result.overdue_new == []
    # nothing moves for a unit the PR did not touch
    assert not [w for w in moves if w.startswith(("Plei Ngol", "Trạm Y tế"))]


def test_pages_that_change_are_those_of_the_changed_units(known_change):
    _, _, result = known_change
    assert {"don-vi/ia-bang-lang-bi/", "don-vi/ia-bang-cong-ty-ca-phe-cao-nguyen/", "dia-ban/ia-bang/",
            "bao-cao/ia-bang/2026-6t/"} <= set(result.pages_changed)
    assert not [u for u in result.pages_changed if u.startswith("don-vi/buon-ma-thuot-")]
    assert "du-lieu/don-vi.csv" in result.files_changed


def test_nothing_the_pull_request_brings_runs_or_leaks(known_change):
    repo, marker, result = known_change
    assert not marker.exists()                       # the PR's hooks/ were never imported
    assert "lien-ket/" not in result.pages_added     # a symlink is not followed into the build
    assert "hooks/phongtrao/review.py" in result.other_files


def test_the_summary_is_vietnamese_markdown_with_contributed_text_escaped(known_change, tmp_path):
    repo, _, result = known_change
    # a unit renamed to Markdown that would be a link and break the table, as an attacker controlling
    # one unit file would; another file given HTML (the checker refuses it: listed as a problem)
    edit(repo / LANG_BI, "name: Làng Bi\n", "name: \"Làng Bi [bấm](javascript:alert(1)) | *a*\"\n")
    edit(repo / "data/units/ia-bang/tram-y-te.yml", "\nname: ", "\nname: <img src=x onerror=alert(1)>")
    git(repo, "commit", "-qam", "rename")
    summary = tmp_path / "summary.md"
    code = cli.main(["review", "--repo", str(repo), "--base", "main~2", "--head", "main", "--summary", str(summary)])
    text = summary.read_text(encoding="utf-8")
    assert code == 0
    assert "## Yêu cầu hợp nhất này thay đổi gì" in text and "### Số liệu thay đổi" in text
    assert "\\: tiêu chí đã hoàn thành | 1/2 \\(50%\\) | 2/2 \\(100%\\) |" in text
    assert not re.search(r"(?<!\\)[<\[]", text.replace("[x]", "")) and "](javascript" not in text and "\\<img" in text
    assert "Dữ liệu của yêu cầu còn 1 lỗi" in text and "tram\\-y\\-te\\.yml" in text
    # the new name is reported as a change of the name field, escaped in its cell
    assert "| tên | Làng Bi | Làng Bi \\[bấm\\]\\(javascript\\:alert\\(1\\)\\) \\| \\*a\\* |" in text
    assert "/don-vi/ia-bang-lang-bi/" in text.replace("\\-", "-")


def test_the_workflow_script_writes_the_job_summary_with_the_base_trees_code(known_change, tmp_path):
    """.github/review-summary.sh as ownership.yml runs it: Python in isolated mode, this tree's code."""
    import os
    import sys
    repo, marker, _ = known_change
    summary = tmp_path / "step-summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PHONGTRAO"))}
    proc = subprocess.run(["bash", str(ROOT / ".github/review-summary.sh"), str(repo), "main~1", "main"],
                          env=dict(env, PYTHON=sys.executable, GITHUB_STEP_SUMMARY=str(summary)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "### Đơn vị thay đổi (2)" in summary.read_text(encoding="utf-8")
    assert not marker.exists()
