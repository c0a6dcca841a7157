"""The form editor (/sua-du-lieu/) in Debian's chromium, against the local backend over a temporary git
repository: an official opens their unit, changes a criterion's status, adds a periodic report and an
indicator figure, and sends. The pull request's branch holds one commit changing one file; that file
passes the checker, keeps every other field and every comment; nothing else in the repository moves.

PHONGTRAO_SCREENSHOTS=1 (make screenshots) writes the guide's pictures (docs/dong-gop/anh/) from
this same run of the real site.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import browser, new_page  # noqa: F401  (pytest fixtures)
from conftest import ROOT, build_site
from phongtrao import cli, local_backend
from phongtrao.reading.yamlio import load_text

pytestmark = pytest.mark.browser
LANG_BI = "data/units/ia-bang/lang-bi.yml"
SHOTS = ROOT / "docs/dong-gop/anh"
GUIDE = ROOT / "docs/dong-gop/bieu-mau.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(base URL, repository): the site built from a temporary repository's data, served with the local backend."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "dữ liệu")
    site = tmp_path_factory.mktemp("site")
    proc = build_site(site, repo / "data", PHONGTRAO_EDITOR_API="/github-api")
    assert proc.returncode == 0, proc.stderr[-3000:]
    server = local_backend.server(site, repo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", repo
    server.shutdown()
    server.server_close()


def shot(page, name: str, tmp_path: Path, **kwargs) -> None:
    target = SHOTS if os.environ.get("PHONGTRAO_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), **kwargs)


def field(page, path: str):
    return page.locator(f"#pt-f-{path}")


def test_an_official_updates_their_unit_and_opens_a_pull_request(browser, editor, tmp_path):  # noqa: F811
    base, repo = editor
    before_text = (repo / LANG_BI).read_text(encoding="utf-8")
    main_before = git(repo, "rev-parse", "main").strip()
    context, page = new_page(browser, 1280, 1000)
    try:
        page.goto(base + "sua-du-lieu/?don-vi=ia-bang-lang-bi")
        page.locator(".pt-editor-form").wait_for()
        assert page.locator(".pt-editor-top > legend").inner_text() == "Dữ liệu của Làng Bi"
        shot(page, "bieu-mau-1-chon-don-vi", tmp_path, clip={"x": 280, "y": 120, "width": 720, "height": 760})
        # the criterion mt-2 is listed by its words, and its status changes to done
        criterion = field(page, "progress-1-criterion")
        assert "(mt-2)" in criterion.locator("option:checked").inner_text()
        field(page, "progress-1-status").select_option("hoan-thanh")
        # a slip is caught before anything is sent, in Vietnamese, beside the field
        field(page, "progress-1-percent").fill("140")
        page.locator("#pt-editor-kiem-tra").click()
        error = page.locator("#pt-f-progress-1-percent-loi")
        assert "phải từ 0 đến 100" in error.inner_text()
        assert field(page, "progress-1-percent").get_attribute("aria-invalid") == "true"
        field(page, "progress-1-percent").scroll_into_view_if_needed()
        shot(page, "bieu-mau-2-bao-loi", tmp_path)
        page.locator("#pt-editor-gui").click()
        assert "Còn 1 ô cần sửa" in page.locator(".pt-editor-status").inner_text()
        field(page, "progress-1-percent").fill("100")
        # a periodic report added
        page.get_by_role("button", name="Thêm một báo cáo").click()
        field(page, "reports-2-period").select_option("2026")
        field(page, "reports-2-submitted").fill("2026-12-01")
        field(page, "reports-2-summary").fill("Báo cáo năm 2026: 3 lớp Bình dân học vụ số, 120 người tham gia.")
        # an indicator figure for the half-year already there
        field(page, "indicators-1-values-ho-so-dich-vu-cong-truc-tuyen").fill("15")
        page.locator("#pt-editor-kiem-tra").click()
        assert page.locator(".pt-editor-problems").is_hidden()
        preview = page.locator(".pt-editor-diff")
        assert "+     status: hoan-thanh" in preview.inner_text()
        preview.scroll_into_view_if_needed()
        shot(page, "bieu-mau-3-xem-truoc", tmp_path)
        page.locator("#pt-editor-gui").click()
        status = page.locator(".pt-editor-status")
        status.filter(has_text="Đã gửi đề nghị cập nhật số 1").wait_for()
        status.scroll_into_view_if_needed()
        shot(page, "bieu-mau-4-da-gui", tmp_path)
        today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
        assert page.console.csp_violations() == []
    finally:
        context.close()

    # one branch with one commit changing one file; main and the working tree untouched
    branches = [b.strip(" *") for b in git(repo, "branch", "--list", "cap-nhat/*").splitlines()]
    assert len(branches) == 1 and branches[0].startswith("cap-nhat/ia-bang-lang-bi-")
    branch = branches[0]
    assert git(repo, "rev-parse", "main").strip() == main_before
    assert git(repo, "rev-list", "--count", f"main..{branch}").strip() == "1"
    assert git(repo, "diff", "--name-only", "main", branch).split() == [LANG_BI]
    assert git(repo, "status", "--porcelain") == "" and (repo / LANG_BI).read_text(encoding="utf-8") == before_text
    pulls = local_backend.Repository(repo).pulls()
    assert [(p["head"], p["base"], p["title"]) for p in pulls] == [(branch, "main", "Cập nhật dữ liệu: Làng Bi")]

    after_text = git(repo, "show", f"{branch}:{LANG_BI}")
    # every comment and every line not edited is still there, in its place
    comments = [line for line in before_text.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after_text.splitlines() for line in comments)
    removed = [l for l in before_text.splitlines() if l not in after_text.splitlines()]
    assert removed == ["    status: dang-thuc-hien", "    percent: 40", "updated: 2026-09-01"]
    # the data is the old data with exactly the three changes (and the day of the update)
    old = load_text(before_text, Path(LANG_BI)).data
    new = load_text(after_text, Path(LANG_BI)).data
    old["progress"][1].update(status="hoan-thanh", percent=100)
    old["reports"].append({"period": "2026", "submitted": dt.date(2026, 12, 1),
                           "summary": "Báo cáo năm 2026: 3 lớp Bình dân học vụ số, 120 người tham gia."})
    old["indicators"][1]["values"]["ho-so-dich-vu-cong-truc-tuyen"] = 15
    old["updated"] = dt.date(*today)
    assert new == old
    # and the checker, run on the branch's data, finds nothing to fix
    checked = repo.parent / "checked"
    shutil.copytree(repo / "data", checked / "data")
    (checked / LANG_BI).write_text(after_text, encoding="utf-8")
    assert cli.main(["check", "--data", str(checked / "data")]) == 0


def test_opening_and_saving_without_changes_rewrites_no_file(browser, editor):  # noqa: F811
    """Every sample unit file, read by the form and written back unchanged, is the same bytes."""
    base, repo = editor
    context, page = new_page(browser)
    try:
        page.goto(base + "sua-du-lieu/")
        page.locator(".pt-editor-picker").wait_for()
        differing = page.evaluate("""async () => {
            const m = await (await fetch("mau.json")).json();
            const out = [];
            for (const u of m.units) {
              const text = await (await fetch(u.copy)).text();
              if (PhongTraoEditor.rewriteUnchanged(text, m.schema) !== text) out.push(u.path);
            }
            return [m.units.length, out];
        }""")
        assert differing[0] >= 24 and differing[1] == []
    finally:
        context.close()


def test_the_editor_page_is_accessible_and_vietnamese(browser, editor):  # noqa: F811
    base, _ = editor
    context, page = new_page(browser, 360, 740)
    try:
        page.goto(base + "sua-du-lieu/?don-vi=ia-bang-lang-bi")
        page.locator(".pt-editor-form").wait_for()
        result = Axe().run(page)
        serious = [(v["id"], [(n["target"], n.get("failureSummary", "")[:300]) for n in v["nodes"][:2]]) for v in result.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        labels = page.locator(".pt-editor-form label, .pt-editor-form legend, .pt-editor-form button").all_inner_texts()
        english = [t for t in labels if re.search(r"\b(the|and|add|remove|save|submit|field)\b", t, re.I)]
        assert labels and english == []
        # no field is wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_the_guide_shows_the_form_first_with_pictures_from_this_test():
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"\(anh/(bieu-mau-[\w-]+\.png)\)", text)
    assert pictures[:3] == ["bieu-mau-1-chon-don-vi.png", "bieu-mau-2-bao-loi.png", "bieu-mau-3-xem-truoc.png"]
    assert all((SHOTS / name).is_file() and (SHOTS / name).stat().st_size > 10_000 for name in pictures)
    assert text.index("## Cách 1") < text.index("## Cách 2") and "biểu mẫu" in text[: text.index("## Cách 2")]


def test_the_committed_library_bundle_is_the_one_the_lock_file_names():
    """`make vendor` writes the bundle from vendor/package-lock.json: a lock bumped without rebuilding fails here."""
    import json
    lock = json.loads((ROOT / "vendor/package-lock.json").read_text(encoding="utf-8"))
    bundle = (ROOT / "overrides/assets/javascripts/vendor/phongtrao-editor-libs.js").read_text(encoding="utf-8")
    banner = bundle.split("*/", 1)[0]
    for name in ("yaml", "@cfworker/json-schema"):
        entry = lock["packages"][f"node_modules/{name}"]
        assert f"{name}@{entry['version']} ({entry['license']})" in banner
    # nothing in it evaluates text as code: it runs under script-src 'self' without 'unsafe-eval'
    assert "new Function" not in bundle and not re.search(r"\beval\(", bundle)


def test_a_new_practice_is_sent_as_a_new_page_the_build_accepts(browser, editor):  # noqa: F811
    base, repo = editor
    context, page = new_page(browser, 1280, 1000)
    try:
        page.goto(base + "sua-du-lieu/")
        page.locator("#pt-editor-moi-mo-hinh-hay").click()
        page.locator(".pt-editor-form").wait_for()
        field(page, "title").fill("Tổ công nghệ số đường thôn Đoàn Kết")
        assert "/mo-hinh-hay/to-cong-nghe-so-duong-thon-doan-ket/" in page.locator("#pt-editor-dia-chi").inner_text()
        field(page, "description").fill("Thanh niên hướng dẫn bà con dùng dịch vụ công trực tuyến tại nhà.")
        field(page, "unit").select_option("ia-bang-thon-doan-ket")
        page.get_by_role("button", name=re.compile("^Thêm")).first.click()   # a content area
        field(page, "content_areas-0").select_option("nd5")
        field(page, "pillar").select_option("xa-hoi-so")
        page.locator("#pt-editor-kiem-tra").click()
        assert page.locator(".pt-editor-problems").is_hidden(), page.locator(".pt-editor-problems").inner_text()
        page.locator("#pt-editor-gui").click()
        page.locator(".pt-editor-status").filter(has_text="Đã gửi đề nghị cập nhật").wait_for()
    finally:
        context.close()
    branch = next(b.strip(" *") for b in git(repo, "branch", "--list", "cap-nhat/to-cong-nghe-so-*").splitlines())
    path = "docs/mo-hinh-hay/to-cong-nghe-so-duong-thon-doan-ket.md"
    assert git(repo, "diff", "--name-status", "main", branch).split() == ["A", path]
    text = git(repo, "show", f"{branch}:{path}")
    # the build reads it as a practice of Thôn Đoàn Kết with no problem
    from phongtrao.reading import practices
    from phongtrao.reading.load import load_dataset
    found = practices.parse(text, Path(path), "mo-hinh-hay", "mo-hinh-hay/to-cong-nghe-so-duong-thon-doan-ket.md")
    practices.cross_check([found], load_dataset(repo / "data").dataset)
    assert found.problems == [] and (found.unit, found.content_areas, found.pillar, found.status) == (
        "ia-bang-thon-doan-ket", ("nd5",), "xa-hoi-so", "dang-ky")
    assert found.slug == "to-cong-nghe-so-duong-thon-doan-ket" and "## Giải pháp" in text
