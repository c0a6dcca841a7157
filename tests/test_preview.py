"""`make serve LOCALITY=…`: an editor previews one commune's data, the rest of the province left out."""
from __future__ import annotations

from pathlib import Path

from conftest import build_site
from phongtrao.reading.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent


def test_loading_one_locality_keeps_its_units_and_every_plan():
    whole = load_dataset(ROOT / "data")
    one = load_dataset(ROOT / "data", localities={"ia-bang"})
    assert one.problems == []
    assert set(one.dataset.localities) == {"ia-bang"}
    assert set(one.dataset.units) == {u for u in whole.dataset.units if u.startswith("ia-bang-")}
    assert one.dataset.units and set(one.dataset.plans) == set(whole.dataset.plans)


def test_an_unknown_locality_is_named_with_the_ones_there_are():
    result = load_dataset(ROOT / "data", localities={"ia-bang", "ia-bangg"})
    assert [p.message for p in result.problems] == [
        "Không có địa bàn “ia-bangg” để xem riêng. Các mã có: buon-ma-thuot, ia-bang."]
    assert set(result.dataset.localities) == {"ia-bang"}


def test_the_preview_site_has_one_communes_pages(tmp_path):
    proc = build_site(tmp_path, strict=False, PHONGTRAO_LOCALITY="ia-bang")
    assert proc.returncode == 0, proc.stderr
    units = {p.name for p in (tmp_path / "don-vi").iterdir() if p.is_dir()}
    assert units and all(u.startswith("ia-bang-") for u in units)
    assert (tmp_path / "dia-ban/ia-bang/index.html").exists()
    assert not (tmp_path / "dia-ban/buon-ma-thuot").exists()
    # Buôn Ma Thuột's practices are left out instead of warned about
    assert not (tmp_path / "mo-hinh-hay/mot-cua-so-buon-ma-thuot").exists()
    assert (tmp_path / "mo-hinh-hay/to-cong-nghe-so-cong-dong-ia-bang/index.html").exists()
    assert "Không tìm thấy đơn vị" not in proc.stderr
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Xã Ia Băng" in home and 'href="dia-ban/buon-ma-thuot/"' not in home
