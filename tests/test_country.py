"""The whole country: one site per province (a CI matrix), a national index from their open data,
and a built site reused between deploys only when its seal holds. Exercised with the sample's two
provinces (Gia Lai: Xã Ia Băng; Đắk Lắk: Phường Buôn Ma Thuột)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hardening import project_copy
from phongtrao import country

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, cwd=ROOT, **env):
    return subprocess.run([sys.executable, "-m", "phongtrao.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), **env))


def test_the_matrix_lists_each_province_with_its_communes():
    proc = _cli("provinces")
    assert proc.returncode == 0, proc.stderr
    entries = json.loads(proc.stdout)["include"]
    assert [(e["province"], e["name"], e["localities"]) for e in entries] == [
        ("dak-lak", "Đắk Lắk", ["buon-ma-thuot"]), ("gia-lai", "Gia Lai", ["ia-bang"])]


def test_a_province_is_rebuilt_only_when_what_it_is_built_from_changes(tmp_path):
    project = project_copy(tmp_path / "p")
    (project.root / "hooks").mkdir()
    found = {p.slug: p for p in country.provinces(project.data)}
    before = {slug: country.input_key(project.root, p) for slug, p in found.items()}
    project.edit("data/units/ia-bang/lang-bi.yml", "name: ", "name: Làng Bi \nx_: ")  # a commune of Gia Lai
    after = {slug: country.input_key(project.root, p) for slug, p in found.items()}
    assert after["gia-lai"] != before["gia-lai"] and after["dak-lak"] == before["dak-lak"]
    (project.root / "hooks" / "x.py").write_text("x = 1\n")  # the code: every province
    again = {slug: country.input_key(project.root, p) for slug, p in found.items()}
    assert again["gia-lai"] != after["gia-lai"] and again["dak-lak"] != after["dak-lak"]


@pytest.fixture(scope="module")
def province_sites(tmp_path_factory):
    out = tmp_path_factory.mktemp("country")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for slug in ("gia-lai", "dak-lak"):
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out / slug)],
                              cwd=ROOT, env=dict(env, PHONGTRAO_PROVINCE=slug), capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_each_province_site_holds_its_own_communes_only(province_sites):
    assert sorted(p.name for p in (province_sites / "gia-lai" / "dia-ban").iterdir() if p.is_dir()) == ["ia-bang"]
    assert sorted(p.name for p in (province_sites / "dak-lak" / "dia-ban").iterdir() if p.is_dir()) == ["buon-ma-thuot"]
    assert not (province_sites / "gia-lai" / "don-vi" / "buon-ma-thuot-tram-y-te").exists()


def test_the_national_index_reads_each_province_sites_open_data(province_sites, tmp_path):
    proc = _cli("national-index", str(tmp_path), "--site", f"gia-lai={province_sites / 'gia-lai'}",
                "--site", f"dak-lak={province_sites / 'dak-lak'}", "--site-url", "/theo-doi/")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    # one script, from the site itself (the search): nothing inline, nothing from elsewhere
    assert re.findall(r"<script[^>]*>", page) == ['<script type="module" src="tim-kiem-ca-nuoc.js">']
    assert "script-src 'self' 'wasm-unsafe-eval';" in page and (tmp_path / "tim-kiem-ca-nuoc.js").is_file()
    assert 'data-base="/theo-doi/"' in page and "&#34;slug&#34;: &#34;gia-lai&#34;" in page
    for slug, name in (("gia-lai", "Gia Lai"), ("dak-lak", "Đắk Lắk")):
        text = (province_sites / slug / "du-lieu" / "tong-hop-ke-hoach.csv").read_bytes().decode("utf-8-sig")
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["nhom"] == "dia-ban"]
        units = sum(int(r["so_don_vi"]) for r in rows)
        done = sum(int(r["tieu_chi_hoan_thanh"]) for r in rows)
        total = sum(int(r["tieu_chi_ap_dung"]) for r in rows)
        assert f'<a href="/theo-doi/{slug}/">{name}</a></th><td>1</td><td>{units}</td>' in page
        assert f"<td>{done}/{total} (" in page


def test_a_kept_site_is_reused_only_while_its_seal_holds(province_sites, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(province_sites / "dak-lak", site)
    assert _cli("seal-site", str(site)).returncode == 0
    assert _cli("seal-site", str(site), "--check").returncode == 0
    (site / "index.html").write_text("<p>đã bị sửa</p>", encoding="utf-8")  # a poisoned cache entry
    assert _cli("seal-site", str(site), "--check").returncode == 1
    shutil.copy(province_sites / "dak-lak" / "index.html", site / "index.html")
    assert _cli("seal-site", str(site), "--check", PHONGTRAO_CACHE_KEY="another key").returncode == 1


@pytest.mark.browser
def test_the_national_page_searches_every_province_at_once(province_sites, tmp_path):
    """One search box on the national page finds pages of both provinces, folded like each province's
    own search ("dak lak" finds Đắk Lắk), under the page's CSP, with no error in the console."""
    from browser import Console, new_page, serve_directory, shared_browser
    root = tmp_path / "ca-nuoc"
    for slug in ("gia-lai", "dak-lak"):
        shutil.copytree(province_sites / slug, root / slug)
    proc = _cli("national-index", str(root), "--site", f"gia-lai={root / 'gia-lai'}",
                "--site", f"dak-lak={root / 'dak-lak'}", "--site-url", "/")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    url, server = serve_directory(root)
    context, page = new_page(shared_browser(), 1280, 900)
    try:
        console = Console(page)
        missing = []
        page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
        page.goto(url)
        box = page.locator("#tim-ca-nuoc")
        box.fill("ke hoach phat dong phong trao")
        page.locator('[data-pt-national-list][data-pt-query="ke hoach phat dong phong trao"] li').first.wait_for()
        found = page.locator("[data-pt-national-list] li").all_inner_texts()
        assert any(t.endswith("— Gia Lai") for t in found) and any(t.endswith("— Đắk Lắk") for t in found), found
        hrefs = page.locator("[data-pt-national-list] a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("/gia-lai/", "/dak-lak/")) for h in hrefs), hrefs
        box.fill("buon ma thuot")
        page.locator('[data-pt-national-list][data-pt-query="buon ma thuot"] li').first.wait_for()
        assert "Buôn Ma Thuột" in page.locator("[data-pt-national-list]").inner_text()
        assert missing == [] and console.errors == []
    finally:
        context.close()
        server.shutdown()
