"""Open data built from the fixed data (tests/fixtures/tinh-toan): exact figures in CSV and JSON, a stable zip."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from fixtures.tinh_toan import fixture_data, fixture_site
from phongtrao.publishing import opendata


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return fixture_site(tmp_path_factory)


def read_csv(site: Path, name: str) -> list[dict]:
    raw = (site / "du-lieu" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def read_json(site: Path, name: str) -> list[dict]:
    return json.loads((site / "du-lieu" / f"{name}.json").read_text(encoding="utf-8"))


def xa_mau(rows):
    return [r for r in rows if r["dia_ban"] == "xa-mau"]


def test_units_csv_exact(site):
    rows = {r["ma_don_vi"]: r for r in xa_mau(read_csv(site, "don-vi"))}
    pick = ("tinh_trang_ke_hoach", "ke_hoach_qua_han", "so_ngay_tre", "ngay_ban_hanh", "tieu_chi_hoan_thanh",
            "tieu_chi_ap_dung", "ty_le_hoan_thanh", "bao_cao_qua_han")
    got = {k: tuple(r[p] for p in pick) for k, r in rows.items()}
    assert got == {
        "xa-mau-cong-ty-so-xanh": ("tre-han", "false", "31", "2025-12-01", "1", "1", "100", "0"),
        "xa-mau-doan-thanh-nien": ("chua-ban-hanh", "true", "243", "", "0", "2", "0", "2"),   # no data at all
        "xa-mau-phong-kinh-te": ("tre-han", "false", "1", "2025-11-01", "3", "4", "75", "1"),
        "xa-mau-thon-ea-nam": ("dung-han", "false", "", "2025-10-15", "0", "2", "0", "0"),
        "xa-mau-mat-tran": ("dung-han", "false", "", "2025-10-31", "1", "2", "50", "0"),   # deadline day
    }
    assert rows["xa-mau-doan-thanh-nien"]["ten"] == "Đoàn Thanh niên"


def test_json_has_the_same_rows_with_types(site):
    js = {r["ma_don_vi"]: r for r in xa_mau(read_json(site, "don-vi"))}
    assert js["xa-mau-phong-kinh-te"]["ty_le_hoan_thanh"] == 75.0
    assert js["xa-mau-doan-thanh-nien"]["ke_hoach_qua_han"] is True
    assert js["xa-mau-doan-thanh-nien"]["ngay_ban_hanh"] is None
    assert [r["ma_don_vi"] for r in xa_mau(read_json(site, "don-vi"))] == [
        r["ma_don_vi"] for r in xa_mau(read_csv(site, "don-vi"))]


def test_report_and_overdue_tables_exact(site):
    periods = [(r["ky"], r["dung_han"], r["tre_han"], r["qua_han"], r["chua_den_han"])
               for r in xa_mau(read_csv(site, "tong-hop-bao-cao"))]
    assert periods == [("2025", "3", "1", "1", "0"), ("2026-6t", "2", "1", "2", "0"), ("2026", "1", "0", "0", "4")]
    reports = {(r["ma_don_vi"], r["ky"]): (r["tinh_trang"], r["so_ngay_tre"]) for r in xa_mau(read_csv(site, "bao-cao"))}
    assert reports[("xa-mau-mat-tran", "2025")] == ("dung-han", "")          # submitted on the due day
    assert reports[("xa-mau-mat-tran", "2026-6t")] == ("tre-han", "5")
    assert reports[("xa-mau-phong-kinh-te", "2026-6t")] == ("qua-han", "11")
    assert reports[("xa-mau-doan-thanh-nien", "2026")] == ("chua-den-han", "")
    overdue = [(r["ma_don_vi"], r["viec"], r["ky"], r["so_ngay_qua_han"]) for r in xa_mau(read_csv(site, "qua-han"))]
    assert overdue == [("xa-mau-doan-thanh-nien", "ke-hoach", "", "243"), ("xa-mau-doan-thanh-nien", "bao-cao", "2025", "198"),
                       ("xa-mau-doan-thanh-nien", "bao-cao", "2026-6t", "11"), ("xa-mau-phong-kinh-te", "bao-cao", "2026-6t", "11")]


def test_summary_tables_exact(site):
    plans = {(r["nhom"], r["ma_nhom"]): (r["so_don_vi"], r["dung_han"], r["tre_han"], r["chua_ban_hanh"],
                                         r["ty_le_dung_han"], r["tieu_chi_hoan_thanh"], r["tieu_chi_ap_dung"], r["ty_le_hoan_thanh"])
             for r in xa_mau(read_csv(site, "tong-hop-ke-hoach"))}
    assert plans[("dia-ban", "xa-mau")] == ("5", "2", "2", "1", "40", "5", "11", "45.5")
    assert plans[("loai", "mttq-doan-the")] == ("2", "1", "0", "1", "50", "1", "4", "25")
    assert plans[("khoi-cum", "")] == ("1", "0", "1", "0", "0", "1", "1", "100")
    areas = {r["noi_dung"]: (r["co_hoat_dong"], r["hoan_thanh"]) for r in xa_mau(read_csv(site, "tong-hop-noi-dung"))}
    assert areas == {"nd1": ("3", "2"), "nd2": ("0", "0"), "nd3": ("1", "1"), "nd4": ("1", "1"), "nd5": ("2", "1"),
                     "nd6": ("0", "0"), "nd7": ("0", "0")}
    ind = {(r["chi_so"], r["ky"]): (r["gia_tri"], r["so_don_vi_bao_cao"], r["thay_doi"])
           for r in xa_mau(read_csv(site, "tong-hop-chi-so"))}
    assert ind[("nguoi-duoc-tap-huan-ky-nang-so", "2025")] == ("230", "3", "")
    # no change: a half-year is not compared with the (shorter) "Năm 2025" (like with like only)
    assert ind[("nguoi-duoc-tap-huan-ky-nang-so", "2026-6t")] == ("180", "2", "")
    assert ind[("ty-le-thanh-toan-khong-dung-tien-mat", "2025")] == ("52.5", "2", "")
    assert ind[("ty-le-thanh-toan-khong-dung-tien-mat", "2026-6t")] == ("40", "1", "")
    phase = xa_mau(read_csv(site, "tien-do-giai-doan"))
    assert [(r["giai_doan"], r["thoi_gian_da_qua"], r["cong_viec_da_xong"], r["dung_tien_do"]) for r in phase] == [
        ("giai-doan-1", "35.6", "45.5", "true")]


def test_datapackage_describes_every_file(site):
    folder = site / "du-lieu"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "data-package" and package["version"] == "2026-07-01"
    for res in package["resources"]:
        assert (folder / res["path"]).is_file(), res["path"]
        if res.get("format") == "csv":
            header = next(csv.reader(io.StringIO((folder / res["path"]).read_text(encoding="utf-8-sig"))))
            assert header == [f["name"] for f in res["schema"]["fields"]]
            assert {f["type"] for f in res["schema"]["fields"]} <= {"string", "integer", "number", "date", "boolean"}
    names = {r["path"] for r in package["resources"]}
    assert {"don-vi.csv", "don-vi.json", "qua-han.csv", "schemas/unit.schema.json"} <= names
    schema_src = opendata.SCHEMAS / "unit.schema.json"
    assert (folder / "schemas" / "unit.schema.json").read_bytes() == schema_src.read_bytes()


def test_open_data_page_lists_the_tables(site):
    html = (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    assert 'href="../du-lieu/don-vi.csv"' in html and 'href="../du-lieu/du-lieu-phong-trao.zip"' in html


def test_zip_holds_everything_and_is_byte_identical_across_builds(site, tmp_path):
    from conftest import build_site

    first = (site / "du-lieu" / opendata.ZIP_NAME).read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {opendata.ZIP_DATE}
        assert {"don-vi.csv", "datapackage.json", "data/units/xa-mau/mat-tran.yml", "data/site.yml"} <= set(names)
        assert zf.read("don-vi.csv") == (site / "du-lieu" / "don-vi.csv").read_bytes()
    proc = build_site(tmp_path / "again", data_dir=fixture_data())
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "again" / "du-lieu" / opendata.ZIP_NAME).read_bytes() == first


def test_csv_text_cannot_start_a_spreadsheet_formula():
    table = opendata.Table("t", "T", "", (("ten", "string", ""), ("thay_doi", "number", "")),
                           [{"ten": "=HYPERLINK(\"http://x\")", "thay_doi": -50.0}])
    body = opendata.to_csv(table).decode("utf-8-sig").splitlines()
    assert body[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",-50"


def test_a_copy_for_vietnamese_excel_has_labels_semicolons_and_decimal_commas(site):
    raw = (site / "du-lieu" / "excel" / "don-vi.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with its mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert "Tên đơn vị" in header and "ten" not in header
    kinh_te = next(r for r in data if r["Mã đơn vị (trùng địa chỉ trang don-vi/<mã>/)"] == "xa-mau-phong-kinh-te")
    assert kinh_te["Ngày ban hành kế hoạch của đơn vị"] == "01/11/2025"
    assert kinh_te["Loại đơn vị"] == "Phòng, ban chuyên môn"
    assert kinh_te["Tình trạng kế hoạch của đơn vị"] == "Trễ hạn"
    summary = list(csv.reader(io.StringIO((site / "du-lieu" / "excel" / "tong-hop-ke-hoach.csv").read_bytes()
                                          .decode("utf-8-sig")), delimiter=";"))
    assert any("45,5" in cell for row in summary for cell in row)  # a decimal comma, not a point
