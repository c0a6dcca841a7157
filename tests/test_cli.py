"""The contributor's commands (check, new-unit, codeowners, ownership) and the GitHub set-up."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phongtrao import cli, ownership
from phongtrao.reading.load import load_dataset
from phongtrao.reading.validate import KINDS, schema
from phongtrao.reading.yamlio import load_file, load_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"
CORPUS = Path(__file__).resolve().parent / "corpus"
ENV = dict(os.environ, PYTHONPATH=f"{ROOT / 'hooks'}{os.pathsep}{ROOT}", NO_MKDOCS_2_WARNING="1")
ENV.pop("GITHUB_ACTIONS", None)
ENV.pop("PHONGTRAO_DATA", None)
ENV.pop("MAKELEVEL", None)


def run(*args, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "phongtrao.cli", *args], cwd=cwd, env=env or ENV,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo_copy(tmp_path, monkeypatch) -> Path:
    """A folder laid out like the repository (data/ inside), as the CLI's working directory."""
    shutil.copytree(SAMPLE, tmp_path / "data")
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    monkeypatch.delenv("PHONGTRAO_DATA", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("MAKELEVEL", raising=False)
    return tmp_path


# ---------------------------------------------------------------- check


def test_check_passes_on_sample_data_with_a_short_success_line():
    proc = run("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().startswith("Dữ liệu hợp lệ") and "không có lỗi" in proc.stdout
    assert proc.stderr == ""


def test_check_prints_repo_relative_locations_count_and_exit_1(repo_copy, capsys):
    shutil.copytree(CORPUS / "wrong-status", repo_copy / "data", dirs_exist_ok=True)
    shutil.copytree(CORPUS / "unknown-plan" / "units", repo_copy / "tmp-units")
    code = cli.main(["check"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith("data/units/ia-bang/lang-bi.yml:24:13: “xong” không phải")
    assert "Tìm thấy 1 lỗi trong 1 tệp" in out


def test_github_actions_annotations_and_step_summary(repo_copy, capsys, monkeypatch):
    shutil.copytree(CORPUS / "wrong-status", repo_copy / "data", dirs_exist_ok=True)
    summary = repo_copy / "summary.md"
    summary.write_text("# Trước đó\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    annotations = [l for l in out.splitlines() if l.startswith("::error ")]
    assert annotations == [l for l in annotations if l.startswith("::error file=data/units/ia-bang/lang-bi.yml,line=24,col=13::")]
    assert len(annotations) == 1 and "hoan-thanh" in annotations[0]
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("# Trước đó\n")  # appended, never overwritten
    assert "| `data/units/ia-bang/lang-bi.yml` | 24 | 13 |" in table


def test_annotation_escapes_workflow_command_characters():
    from phongtrao.reading.problems import Problem
    line = cli.annotation(Problem(Path("data/a,b:c.yml"), 3, None, "100% sai\ndòng hai"))
    assert line == "::error file=data/a%2Cb%3Ac.yml,line=3::100%25 sai%0Adòng hai"


def test_check_of_a_missing_file_says_so(repo_copy, capsys):
    assert cli.main(["check", "data/units/ia-bang/khong-co.yml"]) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().out


ENGLISH_PARSER_WORDS = re.compile(r"mapping values|could not find|expected <|scanning|while parsing|"
                                  r"No such file|Permission denied|found character", re.I)


def test_what_an_official_reads_has_no_english_parser_words(tmp_path):
    """Indentation slips, a stray colon, a missing quote, a file that is not there: Vietnamese only,
    and under make a note that make's own “Error 1” line adds nothing."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    lang_bi = data / "units/ia-bang/lang-bi.yml"
    text = lang_bi.read_text(encoding="utf-8")
    (data / "units/ia-bang/plei-ngol.yml").write_text("id: ia-bang-plei-ngol\nname: Làng: Plei\n  kind: x\n",
                                                      encoding="utf-8")
    lang_bi.write_text(text.replace("name: ", 'name: "Làng ', 1), encoding="utf-8")
    proc = run("check", "--data", str(data), env=dict(ENV, MAKELEVEL="1"))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "plei-ngol.yml:2:" in out and "lang-bi.yml:" in out, out
    assert not ENGLISH_PARSER_WORDS.search(out), out
    assert "make: *** … Error 1" in out and "không cần sửa gì thêm" in out
    missing = run("check", "--data", str(data), str(data / "units/ia-bang/khong-co.yml"))
    assert missing.returncode == 1 and not ENGLISH_PARSER_WORDS.search(missing.stdout + missing.stderr)


def test_broken_file_via_subprocess_exits_1_without_traceback(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    (data / "units/ia-bang/lang-bi.yml").write_bytes(b"id: [\x00\xff")
    (data / "indicators.yml").write_text("- id: X\n  name:\n", encoding="utf-8")
    proc = run("check", "--data", str(data))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "lang-bi.yml:1:" in proc.stdout and "indicators.yml:1:" in proc.stdout


# ---------------------------------------------------------------- new-unit


def test_new_unit_with_flags_writes_a_valid_correctly_placed_file(repo_copy, capsys):
    code = cli.main(["new-unit", "--yes", "--locality", "ia-bang", "--kind", "thon-to-dan-pho",
                     "--name", "Làng Ia Băng", "--maintainer", "@lang-ia-bang", "--cluster", "cum-thon-lang"])
    out = capsys.readouterr().out
    assert code == 0, out
    path = repo_copy / "data/units/ia-bang/lang-ia-bang.yml"
    assert "data/units/ia-bang/lang-ia-bang.yml" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={schema('unit')['$id']}\n")
    assert cli.main(["check", str(path)]) == 0
    unit = load_dataset(repo_copy / "data").dataset.units["ia-bang-lang-ia-bang"]
    assert (unit.name, unit.kind, unit.cluster, unit.maintainers) == (
        "Làng Ia Băng", "thon-to-dan-pho", "cum-thon-lang", ("lang-ia-bang",))
    assert unit.target_group == "mttq-doan-the" and unit.plan == "ia-bang-2025"
    # a second time it refuses to overwrite
    capsys.readouterr()
    assert cli.main(["new-unit", "--yes", "--locality", "ia-bang", "--kind", "thon-to-dan-pho",
                     "--name", "Làng Ia Băng", "--maintainer", "x"]) == 1
    assert "tệp đã có" in capsys.readouterr().out


def test_new_unit_asks_in_vietnamese_when_interactive(repo_copy, capsys, monkeypatch):
    answers = iter(["1", "7", "Công ty TNHH Phần mềm Đắk Lắk", "5", "ctpm-bmt"])
    prompts = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or next(answers))
    code = cli.main(["new-unit"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Địa bàn (xã, phường)" in out and "Loại đơn vị" in out
    assert any("Tên đơn vị" in p for p in prompts)
    unit = load_dataset(repo_copy / "data").dataset.units["buon-ma-thuot-cong-ty-tnhh-phan-mem-dak-lak"]
    assert unit.kind == "doanh-nghiep" and unit.cluster == "khoi-doanh-nghiep"
    assert unit.source == repo_copy / "data/units/buon-ma-thuot/cong-ty-tnhh-phan-mem-dak-lak.yml"


def test_new_unit_without_a_terminal_names_the_missing_flags(repo_copy):
    proc = run("new-unit", "--locality", "ia-bang", cwd=repo_copy)
    assert proc.returncode == 2 and "--kind" in proc.stdout and "Traceback" not in proc.stderr
    proc = run("new-unit", "--yes", "--locality", "ia-bag", "--kind", "truong-hoc", "--name", "X", "--maintainer", "y",
               cwd=repo_copy)
    assert proc.returncode == 2 and "Không có địa bàn “ia-bag”" in proc.stdout


# ---------------------------------------------------------------- CODEOWNERS and ownership


def test_committed_codeowners_matches_the_units_maintainers():
    committed = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert committed == ownership.codeowners(ROOT), "run `make codeowners` and commit .github/CODEOWNERS"
    team = ownership.parse_site_team((ROOT / ".github/site-team.yml").read_text(encoding="utf-8")).team
    for path in sorted((SAMPLE / "units").glob("*/*.yml")):
        handles = load_file(path).data["maintainers"]
        rel = path.relative_to(ROOT).as_posix()
        assert f"/{rel} {' '.join('@' + h for h in handles)} {team}" in committed.splitlines()
    for owned in ("/hooks/", "/.github/", "/*.yml", "/overrides/"):
        assert f"{owned} {team}" in committed.splitlines()


def git(repo: Path, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org"))


@pytest.fixture
def pr_repo(tmp_path, monkeypatch) -> Path:
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    (repo / "data/units/ia-bang").mkdir(parents=True)
    (repo / "hooks").mkdir()
    (repo / ".github/site-team.yml").write_text("team: \"@org/quan-tri\"\nmembers: [quan-tri]\n")
    (repo / "data/units/ia-bang/lang-bi.yml").write_text("id: ia-bang-lang-bi\nmaintainers: [alice]\n")
    (repo / "data/units/ia-bang/plei-ngol.yml").write_text("id: ia-bang-plei-ngol\nmaintainers: [bob]\n")
    (repo / "hooks/x.py").write_text("x = 1\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    monkeypatch.setattr(cli, "ROOT", repo)
    return repo


def ownership_of(repo: Path, author: str, capsys) -> tuple[int, str]:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pr", "--allow-empty")
    code = cli.main(["ownership", "--base", "main", "--author", author])
    return code, capsys.readouterr().out


def test_maintainer_may_change_own_unit(pr_repo, capsys):
    (pr_repo / "data/units/ia-bang/lang-bi.yml").write_text("id: ia-bang-lang-bi\nmaintainers: [alice]\nupdated: 2026-10-01\n")
    code, out = ownership_of(pr_repo, "alice", capsys)
    assert code == 0, out


def test_adding_oneself_to_another_unit_in_the_pr_does_not_pass(pr_repo, capsys):
    (pr_repo / "data/units/ia-bang/plei-ngol.yml").write_text("id: ia-bang-plei-ngol\nmaintainers: [bob, alice]\n")
    (pr_repo / ".github/site-team.yml").write_text("team: \"@org/quan-tri\"\nmembers: [quan-tri, alice]\n")
    code, out = ownership_of(pr_repo, "alice", capsys)
    assert code == 1
    assert "data/units/ia-bang/plei-ngol.yml: tài khoản alice không có trong danh sách" in out and "bob" in out
    assert ".github/site-team.yml: chỉ nhóm quản trị trang" in out


def test_site_files_need_the_site_team_who_may_change_anything(pr_repo, capsys):
    (pr_repo / "hooks/x.py").write_text("x = 2\n")
    (pr_repo / "data/units/ia-bang/plei-ngol.yml").unlink()
    code, out = ownership_of(pr_repo, "alice", capsys)
    assert code == 1 and "hooks/x.py" in out and "plei-ngol.yml" in out
    assert cli.main(["ownership", "--base", "main", "--author", "quan-tri"]) == 0


def test_new_unit_file_must_list_its_author(pr_repo, capsys):
    (pr_repo / "data/units/ia-bang/lang-moi.yml").write_text("id: ia-bang-lang-moi\nmaintainers: [carol]\n")
    code, out = ownership_of(pr_repo, "carol", capsys)
    assert code == 0, out
    assert cli.main(["ownership", "--base", "main", "--author", "dave"]) == 1


# ---------------------------------------------------------------- GitHub workflows and template


def workflow(name: str) -> dict:
    doc = load_text((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"), Path(name))
    assert not doc.problems, doc.problems
    return doc.data


def test_pull_request_workflow_is_read_only_and_runs_everything():
    wf = workflow("pr.yml")
    assert set(wf["on"]) == {"pull_request"}
    assert wf["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in wf["jobs"].values())
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) + str(s.get("with", ""))
                     for job in wf["jobs"].values() for s in job["steps"])
    for needed in ("phongtrao.cli check", "make build", "make test", "'3.11'"):
        assert needed in steps, needed


def test_ownership_workflow_runs_only_the_base_branchs_code():
    wf = workflow("ownership.yml")
    # the workflow file and the checker come from the base branch: a PR cannot edit either to pass
    assert set(wf["on"]) == {"pull_request_target"}
    assert wf["permissions"] == {"contents": "read"}
    assert set(wf["jobs"]) == {"ownership", "review"}
    for job in wf["jobs"].values():
        assert "permissions" not in job
        steps = job["steps"]
        checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
        assert checkout["with"]["persist-credentials"] is False
        runs = [s.get("run", "") for s in steps]
        # the PR is fetched as git objects only: nothing checks it out, nothing of it is run
        assert any("fetch" in r and "refs/pull/" in r for r in runs)
        assert not any(re.search(r"\bcheckout\b|worktree|switch", r) for r in runs)
        assert any(r.startswith("python -I -m pip") for r in runs)
        assert all("${{" not in r for r in runs)
        assert steps[-1]["working-directory"] == "base"
    assert wf["jobs"]["review"]["steps"][-1]["run"].startswith("bash .github/review-summary.sh . ")
    steps = wf["jobs"]["ownership"]["steps"]
    runs = [s.get("run", "") for s in steps]
    gate = steps[-1]
    assert gate["run"].startswith("bash .github/ownership-gate.sh") and gate["working-directory"] == "base"
    # the PR author reaches the shell through an environment variable, never spliced into the script
    assert all("${{" not in r for r in runs) and gate["env"]["AUTHOR"] == "${{ github.event.pull_request.user.login }}"


def test_every_action_is_pinned_by_commit():
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses:\s*(\S+)", line)
            if match:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", match[1]), f"{path.name}: {match[1]}"


def test_deploy_workflow_publishes_with_deploy_pages_and_least_privilege():
    wf = workflow("deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    uses = [s.get("uses", "") for job in wf["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("permissions" not in job for name, job in wf["jobs"].items() if name != "deploy")
    # one site per province (a matrix from `cli provinces`), then the national index at the root
    assert wf["jobs"]["province"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    runs = " ".join(s.get("run", "") for job in wf["jobs"].values() for s in job["steps"])
    for needed in ("phongtrao.cli provinces", "PHONGTRAO_PROVINCE=", "seal-site", "national-index", "--strict"):
        assert needed in runs, needed
    assert all("${{" not in s.get("run", "") for job in wf["jobs"].values() for s in job["steps"])


def test_pull_request_template_is_in_vietnamese():
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "Đơn vị" in text and "maintainers" in text and "Nguồn số liệu" in text


# ---------------------------------------------------------------- published schemas, sample data header


def test_schemas_are_published_on_the_built_site(built_site):
    for kind in KINDS:
        published = built_site / "schemas" / f"{kind}.schema.json"
        assert json.loads(published.read_text(encoding="utf-8")) == schema(kind)


def test_schema_ids_point_at_the_published_address():
    site_url = load_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Path("mkdocs.yml")).data["site_url"]
    for kind in KINDS:
        assert schema(kind)["$id"] == f"{site_url.rstrip('/')}/schemas/{kind}.schema.json"


def test_every_sample_unit_file_declares_schema_and_says_it_is_illustrative():
    files = sorted((SAMPLE / "units").glob("*/*.yml"))
    assert len(files) >= 24
    for path in files:
        first, second = path.read_text(encoding="utf-8").splitlines()[:2]
        assert first == f"# yaml-language-server: $schema={schema('unit')['$id']}", path
        assert second.startswith("#") and "minh hoạ" in second, path
    assert load_file(SAMPLE / "site.yml").data["illustrative"] is True


def test_contributor_guide_field_table_comes_from_the_schema(built_site):
    html = (built_site / "dong-gop/truong-du-lieu/index.html").read_text(encoding="utf-8")
    for field in ("progress[].status", "reports[].submitted", "indicators[].values", "awards[].form", "maintainers"):
        assert f"<code>{field}</code>" in html, field
    assert "hoan-thanh</code> (Hoàn thành)" in html
    assert 'href="../../schemas/unit.schema.json"' in html


def test_a_new_unit_owes_nothing_due_before_it_joined(repo_copy, capsys):
    """`make new-unit` today: the unit is not listed as overdue for deadlines that passed before it existed,
    while a unit that has been in the movement from the start still is."""
    from phongtrao.figures import compute
    assert cli.main(["new-unit", "--yes", "--locality", "ia-bang", "--kind", "thon-to-dan-pho", "--name", "Thôn Mới",
                     "--maintainer", "thon-moi", "--joined", "2026-07-01"]) == 0
    text = (repo_copy / "data/units/ia-bang/thon-moi.yml").read_text(encoding="utf-8")
    assert "\njoined: 2026-07-01\n" in text
    ds = load_dataset(repo_copy / "data").dataset
    report = compute.locality_report(ds, ds.localities["ia-bang"])
    late = [(i.unit.id, i.what) for i in compute.overdue_items([report])]
    assert late and not [x for x in late if x[0] == "ia-bang-thon-moi"], late
    row = next(r for r in report.units if r.unit.id == "ia-bang-thon-moi")
    assert not row.sub_plan.overdue and all(c.period.due >= dt.date(2026, 7, 1) for c in row.reports)
    # the same file without the start date is overdue at once (what the issue saw: up to 380 days)
    path = repo_copy / "data/units/ia-bang/thon-moi.yml"
    path.write_text(text.replace("joined: 2026-07-01\n", ""), encoding="utf-8")
    ds = load_dataset(repo_copy / "data").dataset
    report = compute.locality_report(ds, ds.localities["ia-bang"])
    assert [i for i in compute.overdue_items([report]) if i.unit.id == "ia-bang-thon-moi"]
