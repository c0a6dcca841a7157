"""Hardening, classes 4–7: files from outside the repository, crashes, bad input that got through,
and the smaller leaks (build-day dates, log injection, a practice claiming another commune's unit).

Each test plants what a careless or hostile contributor would and asserts what a
person would see: a Vietnamese message at the right file and line, every other
unit still on the site, no traceback, nothing outside the repository published.
"""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hardening import ROOT, project_copy  # noqa: E402
from phongtrao.reading.load import load_dataset  # noqa: E402
from phongtrao.reading.yamlio import load_text  # noqa: E402

UNIT = "data/units/ia-bang/phong-van-hoa-xa-hoi.yml"
ALL_UNITS = 28


def _check(project, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), PHONGTRAO_DATA=str(project.data))
    return subprocess.run([sys.executable, "-m", "phongtrao.cli", "check", *files], cwd=project.root, env=env,
                          capture_output=True, text=True, timeout=120)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# ---------------------------------------------------------------- class 4: files from outside the repository


def test_a_symlinked_data_file_is_refused_and_never_reaches_the_zip(tmp_path):
    project = project_copy(tmp_path / "p")
    secret = tmp_path / "secret.yml"
    secret.write_text("mat_khau: khong-duoc-cong-bo\n", encoding="utf-8")
    (project.data / "units/ia-bang/lien-ket.yml").symlink_to(secret)
    (project.data / "units/thu-muc-lien-ket").symlink_to(tmp_path, target_is_directory=True)
    result = load_dataset(project.data)
    messages = {p.file.name: p.message for p in result.problems}
    assert "liên kết tượng trưng" in messages["lien-ket.yml"]
    assert "liên kết tượng trưng" in messages["thu-muc-lien-ket"]
    assert len(result.dataset.units) == ALL_UNITS
    proc = project.generate()
    assert "Traceback" not in proc.stdout + proc.stderr and "lien-ket.yml" in proc.stdout
    with zipfile.ZipFile(project.root / "generated/du-lieu/du-lieu-phong-trao.zip") as zf:
        assert not any("lien-ket" in name for name in zf.namelist())
        assert not any(b"khong-duoc-cong-bo" in zf.read(name) for name in zf.namelist())


def test_a_symlink_in_docs_stops_the_build_with_a_message(tmp_path):
    project = project_copy(tmp_path / "p")
    (project.docs / "passwd.txt").symlink_to("/etc/passwd")
    proc = project.build()
    assert proc.returncode != 0
    assert "docs/passwd.txt" in proc.stdout + proc.stderr and "liên kết tượng trưng" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (project.root / "site/passwd.txt").exists()


def test_a_symlinked_folder_in_docs_does_not_crash_the_build(tmp_path):
    project = project_copy(tmp_path / "p")
    (project.docs / "vong-lap").symlink_to(project.docs, target_is_directory=True)
    proc = project.build()
    assert proc.returncode != 0 and "docs/vong-lap" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_redirect_cannot_write_outside_the_site(tmp_path):
    project = project_copy(tmp_path / "p")
    with (project.root / "permalinks.yml").open("a", encoding="utf-8") as handle:
        handle.write("  ../../../ngoai-trang/: tin-tuc/\n")
    proc = project.build()
    assert proc.returncode == 0, proc.stderr
    assert not list(tmp_path.glob("**/ngoai-trang"))
    assert "không phải một địa chỉ trong trang web" in proc.stdout + proc.stderr


def test_a_pull_request_adding_a_symlink_is_refused_even_for_the_site_team(tmp_path):
    from phongtrao.ownership import Change, check_changes
    team = "team: \"@org/q\"\nmembers: [quan-tri]\n"
    changes = [Change("A", "docs/passwd.txt", None, "120000")]
    problems = check_changes(changes, "quan-tri", lambda p: team if p.endswith("site-team.yml") else None, lambda p: None)
    assert problems and "liên kết tượng trưng" in problems[0]


# ---------------------------------------------------------------- class 5: crashes instead of a message


@pytest.mark.parametrize("text, line", [
    ("id: x\nname: " + "[" * 30000 + "\n", 2),                                  # libyaml segfaulted (exit 139)
    ("id: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "v: 1\n", 22),  # RecursionError
])
def test_deep_nesting_is_a_message_in_the_check_and_the_build(tmp_path, text, line):
    project = project_copy(tmp_path / "p")
    bad = project.data / "units/ia-bang/long-nhau.yml"
    bad.write_text(text, encoding="utf-8")
    proc = _check(project)
    assert proc.returncode == 1, proc.returncode  # not 139, not a traceback
    assert re.search(rf"long-nhau\.yml:{line}:\d+: Tệp có quá nhiều cấp lồng nhau", proc.stdout), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    generated = project.generate()  # the pipeline the build runs, every other unit's page made
    assert "Traceback" not in generated.stdout + generated.stderr and "long-nhau.yml" in generated.stdout
    assert (project.root / "generated/don-vi/ia-bang-phong-van-hoa-xa-hoi.md").exists()


# ---------------------------------------------------------------- class 6: bad input that still got through


def test_line_of_a_control_character_after_vietnamese_text():
    text = "name: Phòng Văn hóa – Xã hội, đường Hùng Vương\n" * 5 + "note: a\x07b\n"
    problems = load_text(text, Path("x.yml")).problems
    assert [(p.line, p.column) for p in problems] == [(6, 8)]


def test_an_unclosed_quote_is_reported_on_its_own_line():
    text = "id: x\nname: \"Phòng Văn hóa\nkind: phong-ban\nlocality: ia-bang\n"
    problems = load_text(text, Path("x.yml")).problems
    assert [p.line for p in problems] == [2] and "Thiếu dấu nháy đóng" in problems[0].message


def test_a_number_too_large_for_the_figures_is_refused_at_its_line(tmp_path):
    project = project_copy(tmp_path / "p")
    path = project.root / UNIT
    text = path.read_text(encoding="utf-8")
    value = re.search(r"(nguoi-duoc-tap-huan-ky-nang-so: )(\d+)", text)
    assert value
    path.write_text(text.replace(value[0], value[1] + "9" * 400, 1), encoding="utf-8")
    result = load_dataset(project.data)
    ours = [p for p in result.problems if p.file == path]
    assert [p.line for p in ours] == [_line_of(path, "9" * 400)]
    assert "phải từ 0 đến" in ours[0].message
    assert len(result.dataset.units) == ALL_UNITS - 1
    generated = project.generate()  # the figures of every other unit are still computed
    assert "Traceback" not in generated.stdout + generated.stderr
    assert (project.root / "generated/dia-ban/ia-bang.md").exists()


def test_a_folder_named_like_a_data_file_and_an_upper_case_extension(tmp_path):
    project = project_copy(tmp_path / "p")
    (project.data / "units/ia-bang/thu-muc.yml").mkdir()
    upper = project.data / "units/ia-bang/lang-moi.YML"
    upper.write_text((project.root / UNIT).read_text(encoding="utf-8"), encoding="utf-8")
    result = load_dataset(project.data)
    messages = {p.file.name: p.message for p in result.problems}
    assert "là một thư mục" in messages["thu-muc.yml"]
    assert "lang-moi.yml" in messages["lang-moi.YML"] and "chữ thường" in messages["lang-moi.YML"]
    assert len(result.dataset.units) == ALL_UNITS
    generated = project.generate()
    assert "Traceback" not in generated.stdout + generated.stderr
    assert (project.root / "generated/don-vi/ia-bang-phong-van-hoa-xa-hoi.md").exists()


def test_a_date_after_the_movement_ends_is_refused(tmp_path):
    project = project_copy(tmp_path / "p")
    path = project.root / UNIT
    text = path.read_text(encoding="utf-8")
    first = re.search(r"date: (20\d\d)-", text)
    path.write_text(text.replace(first[0], "date: 2062-", 1), encoding="utf-8")
    ours = [p for p in load_dataset(project.data).problems if p.file == path]
    assert [p.line for p in ours] == [_line_of(path, "2062-")]
    assert "sau khi Phong trào kết thúc" in ours[0].message


def test_the_same_criterion_twice_on_one_day_with_two_statuses(tmp_path):
    project = project_copy(tmp_path / "p")
    path = project.root / UNIT
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(  - criterion: (\S+)\n    status: (\S+)\n(?:    .*\n)*)", text)
    assert block, text
    other = "chua-bat-dau" if block[3] != "chua-bat-dau" else "dang-thuc-hien"
    twin = block[1].replace(f"status: {block[3]}", f"status: {other}").replace("percent: 100", "percent: 10")
    path.write_text(text.replace(block[1], block[1] + twin, 1), encoding="utf-8")
    ours = [p for p in load_dataset(project.data).problems if p.file == path]
    assert len(ours) == 1 and "cùng ngày ghi là" in ours[0].message, ours
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if f"status: {other}" in line]
    assert ours[0].line in lines


# ---------------------------------------------------------------- class 7: the smaller ones


def test_the_sitemap_carries_the_commit_date_not_the_build_day(tmp_path):
    project = project_copy(tmp_path / "p")
    when = "2026-05-01T10:00:00+07:00"
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "du lieu"]):
        subprocess.run(["git", *args], cwd=project.root, env=env, check=True, capture_output=True)
    assert project.build().returncode == 0
    site = project.root / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-05-01"}
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    assert int.from_bytes(header[4:8], "little") == 1777593600  # 2026-05-01 00:00 UTC in the gzip header
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_a_file_name_or_value_cannot_print_a_workflow_command_in_the_check(tmp_path):
    project = project_copy(tmp_path / "p")
    path = project.root / UNIT
    path.write_text(path.read_text(encoding="utf-8").replace("kind: phong-ban", "kind: \"x\\n::stop-commands::tok\""),
                    encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), PHONGTRAO_DATA=str(project.data), GITHUB_ACTIONS="true",
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
    proc = subprocess.run([sys.executable, "-m", "phongtrao.cli", "check"], cwd=project.root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert not any(line.startswith("::stop-commands") for line in lines)
    assert any(line.startswith("::error file=") and "phong-van-hoa-xa-hoi.yml" in line for line in lines)


def test_a_practice_naming_one_commune_with_another_communes_unit_is_flagged(tmp_path):
    project = project_copy(tmp_path / "p")
    page = project.docs / "mo-hinh-hay/to-cong-nghe-so-cong-dong-ia-bang.md"
    text = page.read_text(encoding="utf-8")
    unit = re.search(r"^unit: (\S+)", text, re.M)
    assert unit and unit[1].startswith("ia-bang-")
    page.write_text(text.replace(unit[0], "unit: buon-ma-thuot-to-dan-pho-1"), encoding="utf-8")
    proc = project.generate()  # practices are read and checked in the resolve phase, with the data
    assert proc.returncode != 0
    assert re.search(r"to-cong-nghe-so-cong-dong-ia-bang\.md:\d+:\d+: Địa chỉ trang \(slug “to-cong-nghe-so-cong-dong-ia-bang”\) "
                     r"nói về Xã Ia Băng", proc.stdout + proc.stderr)
