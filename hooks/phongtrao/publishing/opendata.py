"""Open data (/du-lieu/): every table as CSV and JSON, one zip, datapackage.json, the schemas.

Files are added to the MkDocs file list as generated files (so the links on
docs/du-lieu-mo.md are checked and a live preview serves them). Everything is
reproducible: no clock, sorted entries, fixed zip timestamps — the same commit
gives the same bytes.

CSV: UTF-8 with BOM (Excel opens Vietnamese correctly), comma separated, ISO
dates, dot decimals, empty cell = no value. JSON: an array of row objects.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path


from ..figures import compute, scores
from ..reading import model as m
from ..pages.generate_pages import base_of, emulation, fragment, overview
from ..pages.markers import marker
from ..reading.paths import data_files
from ..reading.validate import KINDS, SCHEMA_DIR

SCHEMAS = SCHEMA_DIR


def published_schemas() -> list[Path]:
    """The data files' schemas, as /schemas/ publishes them (in file-name order)."""
    return sorted((SCHEMA_DIR / f"{kind}.schema.json" for kind in KINDS), key=lambda p: p.name)
ZIP_NAME = "du-lieu-phong-trao.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)   # the earliest date zip can store: no clock in the output
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Table:
    name: str                                   # file stem, Frictionless resource name
    title: str
    description: str
    fields: tuple[tuple[str, str, str], ...]    # (name, type, description)
    rows: list[dict]


def _d(value):
    return value.isoformat() if value is not None else None


def _fields(*spec):
    return tuple(spec)


def tables(ov: compute.Overview, ds: m.Dataset, emu: scores.Emulation | None = None) -> list[Table]:
    """Every table the site shows, as rows of plain values."""
    units, progress, reports, values, awards = [], [], [], [], []
    sub_plans, areas, periods, indicators, phases = [], [], [], [], []
    for rep in ov.localities:
        loc = rep.locality.id
        for row in rep.units:
            u = row.unit
            units.append({
                "ma_don_vi": u.id, "ten": u.name, "loai": u.kind, "ten_loai": row.kind_label, "dia_ban": loc,
                "khoi_cum": u.cluster, "ke_hoach": u.plan, "doi_tuong": u.target_group,
                "so_ke_hoach_don_vi": u.sub_plan.number if u.sub_plan else None,
                "ngay_ban_hanh": _d(row.sub_plan.issued), "han_ban_hanh": _d(row.sub_plan.deadline),
                "tinh_trang_ke_hoach": row.sub_plan.status, "ke_hoach_qua_han": row.sub_plan.overdue,
                "so_ngay_tre": row.sub_plan.days_late,
                "tieu_chi_hoan_thanh": row.completion.completed, "tieu_chi_ap_dung": row.completion.applicable,
                "ty_le_hoan_thanh": row.completion.pct, "bao_cao_qua_han": row.overdue_reports,
                "cap_nhat": _d(u.updated),
            })
            for s in row.criteria:
                e = s.entry
                progress.append({"ma_don_vi": u.id, "dia_ban": loc, "tieu_chi": s.criterion.id,
                                 "noi_dung": ";".join(s.criterion.content_areas) or None,
                                 "tinh_trang": s.status, "muc_do": e.percent if e else None,
                                 "ngay": _d(e.date) if e else None, "ghi_chu": e.note if e else None})
            for area_id, e in compute.area_entries(u).items():
                progress.append({"ma_don_vi": u.id, "dia_ban": loc, "tieu_chi": None, "noi_dung": area_id,
                                 "tinh_trang": e.status, "muc_do": e.percent, "ngay": _d(e.date), "ghi_chu": e.note})
            for ch in row.reports:
                reports.append({"ma_don_vi": u.id, "dia_ban": loc, "ky": ch.period.id, "han_nop": _d(ch.period.due),
                                "ngay_nop": _d(ch.submitted), "tinh_trang": ch.status, "so_ngay_tre": ch.days_late})
            for iv in u.indicators:
                for ind_id in sorted(iv.values):
                    values.append({"ma_don_vi": u.id, "dia_ban": loc, "ky": iv.period, "chi_so": ind_id,
                                   "gia_tri": iv.values[ind_id]})
            for a in u.awards:
                awards.append({"ma_don_vi": u.id, "dia_ban": loc, "hinh_thuc": a.form, "quyet_dinh": a.decision,
                               "ngay": _d(a.date), "cap_khen": a.issuer, "nguoi_duoc_khen": a.recipient})
        groups = [("dia-ban", loc, rep.locality.name, len(rep.units), rep.sub_plan, rep.completed, rep.applicable)]
        groups += [("loai", g.key, g.label, g.units, g.sub_plan, g.completed, g.applicable) for g in rep.by_kind]
        groups += [("khoi-cum", g.key or None, g.label, g.units, g.sub_plan, g.completed, g.applicable)
                   for g in rep.by_cluster]
        for kind, key, label, n, t, done, total in groups:
            sub_plans.append({
                "dia_ban": loc, "nhom": kind, "ma_nhom": key, "ten_nhom": label, "so_don_vi": n,
                "dung_han": t.count(compute.ON_TIME), "tre_han": t.count(compute.LATE),
                "chua_ban_hanh": t.count(compute.MISSING),
                "ty_le_dung_han": t.pct(compute.ON_TIME), "ty_le_tre_han": t.pct(compute.LATE),
                "ty_le_chua_ban_hanh": t.pct(compute.MISSING),
                "da_ban_hanh": t.issued, "ty_le_da_ban_hanh": t.issued_pct,
                "tieu_chi_hoan_thanh": done, "tieu_chi_ap_dung": total, "ty_le_hoan_thanh": compute.percent(done, total),
            })
        for a in rep.areas:
            areas.append({"dia_ban": loc, "noi_dung": a.area.id, "ten": a.area.title, "so_don_vi": a.units,
                          "co_hoat_dong": a.active, "hoan_thanh": a.completed,
                          "ty_le_co_hoat_dong": a.active_pct, "ty_le_hoan_thanh": a.completed_pct})
        for p in rep.periods:
            t = p.reports
            periods.append({"dia_ban": loc, "ky": p.period.id, "ten_ky": p.period.label, "han_nop": _d(p.period.due),
                            "so_don_vi": t.total, "dung_han": t.count(compute.ON_TIME), "tre_han": t.count(compute.LATE),
                            "qua_han": t.count(compute.OVERDUE), "chua_den_han": t.count(compute.NOT_DUE)})
        for irow in rep.indicators:
            for cell in irow.cells:
                indicators.append({"dia_ban": loc, "chi_so": irow.indicator.id, "cach_gop": irow.indicator.aggregate,
                                   "ky": cell.period.id, "gia_tri": cell.value, "so_don_vi_bao_cao": cell.reporters,
                                   "thay_doi": cell.change})
        if rep.phase:
            ph = rep.phase
            phases.append({"dia_ban": loc, "giai_doan": ph.phase.id, "bat_dau": _d(ph.phase.start),
                           "ket_thuc": _d(ph.phase.end), "thoi_gian_da_qua": ph.elapsed_pct,
                           "cong_viec_da_xong": ph.done_pct, "dung_tien_do": ph.on_track})
    overdue = [{"ma_don_vi": i.unit.id, "ten": i.unit.name, "dia_ban": i.locality.id, "viec": i.what, "ky": i.period,
                "han": _d(i.deadline), "so_ngay_qua_han": i.days} for i in ov.overdue]
    emu = emu or scores.emulation(ds, ov)
    points = [{"ma_don_vi": s.unit.id, "dia_ban": s.unit.locality, "bo_chi_so": s.scheme.id, "nam": s.scheme.year,
               "tru_cot": c.pillar.id, "chi_so": c.indicator.id, "cach_tinh": c.indicator.measure,
               "diem_toi_da": c.indicator.points, "muc_dat": c.achievement_pct,
               "diem_dat": c.points, "da_tinh": c.detail}
              for _, s in sorted(emu.scores.items()) for c in s.components]
    ranks = [{"dia_ban": r.locality.id, "bo_chi_so": r.scheme.id, "theo": r.by, "nhom": r.key, "ten_nhom": r.label,
              "hang": e.rank, "dong_hang": e.tied, "ma_don_vi": e.score.unit.id, "ten": e.score.unit.name,
              "tong_diem": e.score.total, "diem_co_the": e.score.possible, "ty_le": e.score.pct, "kem_hang_tren": e.gap}
             for r in emu.rankings for e in r.entries]
    rounds = [{"dot_xet": c.round.id, "loai_dot": c.round.stage, "dia_ban": c.round.locality, "nhom": c.ranking.key,
               "ten_nhom": c.ranking.label, "hang": c.entry.rank, "ma_don_vi": c.unit.id, "ten": c.unit.name,
               "tong_diem": c.entry.score.total, "ty_le": c.entry.score.pct, "de_nghi": c.proposed, "ly_do": c.reason,
               "quyet_dinh": "; ".join(f"{d.form} {d.decision} {d.date.isoformat()}" for d in c.decisions) or None}
              for cands in emu.candidates.values() for c in cands]
    inspected = [{"dot_kiem_tra": f.inspection.id, "ngay": _d(f.inspection.date), "dia_ban": f.inspection.locality,
                  "ma_don_vi": f.finding.unit, "ton_tai": f.finding.finding, "kien_nghi": f.finding.recommendation,
                  "han": _d(f.finding.due), "ngay_khac_phuc": _d(f.finding.resolved), "tinh_trang": f.status,
                  "so_ngay_qua_han": f.days_overdue} for f in emu.findings]

    S, I, N, D, B = "string", "integer", "number", "date", "boolean"
    unit_id = ("ma_don_vi", S, "Mã đơn vị (trùng địa chỉ trang don-vi/<mã>/)")
    loc = ("dia_ban", S, "Mã xã, phường")
    pct = "phần trăm, làm tròn 1 chữ số thập phân"
    return [
        Table("don-vi", "Đơn vị", "Mỗi đơn vị: kế hoạch của đơn vị, tiêu chí hoàn thành, báo cáo quá hạn.", _fields(
            unit_id, ("ten", S, "Tên đơn vị"), ("loai", S, "Mã loại đơn vị"), ("ten_loai", S, "Loại đơn vị"), loc,
            ("khoi_cum", S, "Mã khối, cụm thi đua"), ("ke_hoach", S, "Mã kế hoạch của xã, phường"),
            ("doi_tuong", S, "Đối tượng có tiêu chí áp dụng"), ("so_ke_hoach_don_vi", S, "Số, ký hiệu kế hoạch của đơn vị"),
            ("ngay_ban_hanh", D, "Ngày ban hành kế hoạch của đơn vị"), ("han_ban_hanh", D, "Hạn ban hành"),
            ("tinh_trang_ke_hoach", S, "Tình trạng kế hoạch của đơn vị (dung-han | tre-han | chua-ban-hanh)"),
            ("ke_hoach_qua_han", B, "Chưa ban hành và đã qua hạn"), ("so_ngay_tre", I, "Số ngày trễ hoặc quá hạn"),
            ("tieu_chi_hoan_thanh", I, "Số tiêu chí hoàn thành"), ("tieu_chi_ap_dung", I, "Số tiêu chí áp dụng"),
            ("ty_le_hoan_thanh", N, f"Tỷ lệ tiêu chí hoàn thành, {pct}"), ("bao_cao_qua_han", I, "Số kỳ báo cáo quá hạn"),
            ("cap_nhat", D, "Ngày đơn vị cập nhật dữ liệu")), units),
        Table("tien-do", "Tiến độ theo tiêu chí và nội dung", "Tình trạng mới nhất của từng tiêu chí áp dụng cho đơn vị, "
              "và của từng nội dung đơn vị báo cáo riêng.", _fields(
            unit_id, loc, ("tieu_chi", S, "Mã tiêu chí (trống: báo cáo theo nội dung)"),
            ("noi_dung", S, "Mã nội dung thi đua (nhiều mã cách nhau bởi ;)"),
            ("tinh_trang", S, "Tình trạng (chua-bat-dau | dang-thuc-hien | hoan-thanh; trống: chưa báo cáo)"),
            ("muc_do", N, "Mức độ thực hiện (%) đơn vị tự ghi"), ("ngay", D, "Ngày cập nhật"),
            ("ghi_chu", S, "Ghi chú của đơn vị")), progress),
        Table("bao-cao", "Báo cáo định kỳ của đơn vị", "Mỗi đơn vị, mỗi kỳ báo cáo.", _fields(
            unit_id, loc, ("ky", S, "Mã kỳ báo cáo"), ("han_nop", D, "Hạn nộp"), ("ngay_nop", D, "Ngày nộp"),
            ("tinh_trang", S, "Tình trạng báo cáo (dung-han | tre-han | qua-han | chua-den-han)"),
            ("so_ngay_tre", I, "Số ngày trễ hoặc quá hạn")), reports),
        Table("chi-so-don-vi", "Chỉ số của đơn vị", "Giá trị chỉ số mỗi đơn vị báo cáo theo kỳ.", _fields(
            unit_id, loc, ("ky", S, "Mã kỳ báo cáo"), ("chi_so", S, "Mã chỉ số"), ("gia_tri", N, "Giá trị")), values),
        Table("khen-thuong", "Khen thưởng", "Khen thưởng của đơn vị và cá nhân trong đơn vị.", _fields(
            unit_id, loc, ("hinh_thuc", S, "Mã hình thức khen thưởng"), ("quyet_dinh", S, "Số quyết định"),
            ("ngay", D, "Ngày quyết định"), ("cap_khen", S, "Cấp khen"),
            ("nguoi_duoc_khen", S, "Cá nhân được khen (trống: tập thể đơn vị)")), awards),
        Table("tong-hop-ke-hoach", "Tổng hợp kế hoạch và tiêu chí theo nhóm", "Theo địa bàn, loại đơn vị, khối, cụm.", _fields(
            loc, ("nhom", S, "Nhóm (dia-ban | loai | khoi-cum)"), ("ma_nhom", S, "Mã nhóm (trống: chưa xếp khối, cụm)"),
            ("ten_nhom", S, "Tên nhóm"), ("so_don_vi", I, "Số đơn vị"), ("dung_han", I, "Kế hoạch đúng hạn"),
            ("tre_han", I, "Kế hoạch trễ hạn"), ("chua_ban_hanh", I, "Chưa ban hành kế hoạch"),
            ("ty_le_dung_han", N, pct), ("ty_le_tre_han", N, pct), ("ty_le_chua_ban_hanh", N, pct),
            ("da_ban_hanh", I, "Đã ban hành kế hoạch (đúng hạn hoặc trễ hạn)"), ("ty_le_da_ban_hanh", N, pct),
            ("tieu_chi_hoan_thanh", I, "Tiêu chí hoàn thành"), ("tieu_chi_ap_dung", I, "Tiêu chí áp dụng"),
            ("ty_le_hoan_thanh", N, pct)), sub_plans),
        Table("tong-hop-noi-dung", "Tổng hợp theo nội dung thi đua", "Số đơn vị có hoạt động và hoàn thành.", _fields(
            loc, ("noi_dung", S, "Mã nội dung"), ("ten", S, "Tên nội dung"), ("so_don_vi", I, "Số đơn vị"),
            ("co_hoat_dong", I, "Số đơn vị có hoạt động"), ("hoan_thanh", I, "Số đơn vị hoàn thành"),
            ("ty_le_co_hoat_dong", N, pct), ("ty_le_hoan_thanh", N, pct)), areas),
        Table("tong-hop-bao-cao", "Tổng hợp báo cáo định kỳ", "Số đơn vị nộp đúng hạn, trễ hạn, quá hạn, chưa đến hạn.",
              _fields(loc, ("ky", S, "Mã kỳ"), ("ten_ky", S, "Tên kỳ"), ("han_nop", D, "Hạn nộp"),
                      ("so_don_vi", I, "Số đơn vị"), ("dung_han", I, "Đúng hạn"), ("tre_han", I, "Trễ hạn"),
                      ("qua_han", I, "Quá hạn, chưa nộp"), ("chua_den_han", I, "Chưa đến hạn")), periods),
        Table("tong-hop-chi-so", "Tổng hợp chỉ số", "Tổng (hoặc trung bình) chỉ số theo địa bàn và kỳ.", _fields(
            loc, ("chi_so", S, "Mã chỉ số"), ("cach_gop", S, "Cách gộp (sum: cộng | mean: trung bình)"), ("ky", S, "Mã kỳ"),
            ("gia_tri", N, "Giá trị gộp (trống: chưa có số liệu)"), ("so_don_vi_bao_cao", I, "Số đơn vị đã báo cáo"),
            ("thay_doi", N, "Thay đổi so với kỳ trước có số liệu")), indicators),
        Table("tien-do-giai-doan", "Tiến độ giai đoạn", "Thời gian đã qua so với công việc đã xong.", _fields(
            loc, ("giai_doan", S, "Mã giai đoạn"), ("bat_dau", D, "Ngày bắt đầu"), ("ket_thuc", D, "Ngày kết thúc"),
            ("thoi_gian_da_qua", N, pct), ("cong_viec_da_xong", N, pct),
            ("dung_tien_do", B, "true: đúng tiến độ; false: chậm tiến độ")), phases),
        Table("qua-han", "Việc quá hạn", "Kế hoạch chưa ban hành và báo cáo chưa nộp khi đã qua hạn.", _fields(
            unit_id, ("ten", S, "Tên đơn vị"), loc, ("viec", S, "Việc quá hạn (ke-hoach | bao-cao)"), ("ky", S, "Mã kỳ báo cáo"),
            ("han", D, "Hạn"), ("so_ngay_qua_han", I, "Số ngày quá hạn tại ngày chốt")), overdue),
        Table("diem-thi-dua", "Điểm thi đua", "Điểm của từng đơn vị theo từng chỉ số của bộ chỉ số đánh giá.", _fields(
            unit_id, loc, ("bo_chi_so", S, "Mã bộ chỉ số (data/assessment/)"), ("nam", I, "Năm đánh giá"),
            ("tru_cot", S, "Mã trụ cột"), ("chi_so", S, "Mã chỉ số đánh giá"), ("cach_tinh", S, "Cách tính"),
            ("diem_toi_da", N, "Số điểm tối đa"), ("muc_dat", N, "Mức đạt, " + pct + " (trống: chưa tính)"),
            ("diem_dat", N, "Điểm đạt được (trống: chưa tính)"), ("da_tinh", S, "Điều đã tính từ dữ liệu")), points),
        Table("xep-hang", "Xếp hạng thi đua", "Hạng của đơn vị trong khối, cụm và trong loại đơn vị.", _fields(
            loc, ("bo_chi_so", S, "Mã bộ chỉ số"), ("theo", S, "Xếp hạng theo (cum: khối, cụm | loai: loại đơn vị)"),
            ("nhom", S, "Mã khối, cụm hoặc loại đơn vị"), ("ten_nhom", S, "Tên nhóm"), ("hang", I, "Hạng"),
            ("dong_hang", B, "true: đồng hạng"), unit_id, ("ten", S, "Tên đơn vị"), ("tong_diem", N, "Tổng điểm"),
            ("diem_co_the", N, "Số điểm tối đa đã tính"), ("ty_le", N, pct), ("kem_hang_tren", N, "Số điểm kém hạng trên")),
              ranks),
        Table("xet-khen", "Xét khen thưởng", "Danh sách xét của từng đợt: đề nghị hay không, lý do, quyết định.", _fields(
            ("dot_xet", S, "Mã đợt xét (data/award-rounds/)"), ("loai_dot", S, "Loại đợt (hang-nam | so-ket | tong-ket)"), loc,
            ("nhom", S, "Mã khối, cụm"), ("ten_nhom", S, "Tên khối, cụm"), ("hang", I, "Hạng trong khối, cụm"), unit_id,
            ("ten", S, "Tên đơn vị"), ("tong_diem", N, "Tổng điểm"), ("ty_le", N, pct), ("de_nghi", B, "true: đề nghị"),
            ("ly_do", S, "Lý do"), ("quyet_dinh", S, "Hình thức, số, ngày quyết định (nếu có)")), rounds),
        Table("kiem-tra", "Kiểm tra, giám sát", "Kết luận, kiến nghị của đoàn kiểm tra và việc khắc phục.", _fields(
            ("dot_kiem_tra", S, "Mã đợt kiểm tra"), ("ngay", D, "Ngày kiểm tra"), loc, unit_id,
            ("ton_tai", S, "Tồn tại, hạn chế"), ("kien_nghi", S, "Kiến nghị"), ("han", D, "Hạn khắc phục"),
            ("ngay_khac_phuc", D, "Ngày đã khắc phục"), ("tinh_trang", S, "Tình trạng khắc phục (da-khac-phuc | dang-khac-phuc | qua-han)"),
            ("so_ngay_qua_han", I, "Số ngày quá hạn tại ngày chốt")), inspected),
    ]


# ---------------------------------------------------------------- serialisation


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value) -> str:
    """A text from data, made inert for spreadsheets: a leading = + - @ would start a formula in Excel."""
    text = _cell(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f[0] for f in table.fields]
    texts = {f[0] for f in table.fields if f[1] == "string"}
    writer.writerow(names)
    for row in table.rows:
        writer.writerow([_text_cell(row.get(n)) if n in texts else _cell(row.get(n)) for n in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# codes of the data shown as the words the site uses, in the spreadsheet copies
_LABELS = {**compute.SUB_PLAN_LABELS, **compute.REPORT_LABELS, **m.STATUSES,
           **{k: v[0] for k, v in m.UNIT_KINDS.items()}, **scores.FINDING_LABELS}


def _excel_cell(value, kind: str) -> str:
    """A value as Vietnamese Excel reads it: 1.234,5 · 15/10/2025 · có/không · words, not codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if kind == "date" and isinstance(value, str):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    if isinstance(value, (int, float)):
        return compute.format_number(value)
    return _text_cell(_LABELS.get(value, value))


def to_excel_csv(table: Table) -> bytes:
    """The table for Vietnamese Excel: semicolons (its list separator), labels as headers, decimal commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    # the field's label, without the list of codes the spreadsheet shows as words anyway
    writer.writerow([d.split(" (")[0] if "|" in d else d for _, _, d in table.fields])
    for row in table.rows:
        writer.writerow([_excel_cell(row.get(n), kind) for n, kind, _ in table.fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(table: Table) -> bytes:
    names = [f[0] for f in table.fields]
    # one record a line: readable and diff-able, and each line goes through json's C encoder
    # (with indent= the whole file takes the pure-Python one, a second at province size)
    lines = [json.dumps({n: row.get(n) for n in names}, ensure_ascii=False) for row in table.rows]
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode("utf-8")


def datapackage(tables_: list[Table], as_of) -> dict:
    resources = []
    for t in tables_:
        schema = {"fields": [{"name": n, "type": ty, "description": d} for n, ty, d in t.fields],
                  "missingValues": [""]}
        resources.append({"name": t.name, "title": t.title, "description": t.description, "path": f"{t.name}.csv",
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8-sig", "schema": schema})
        resources.append({"name": f"{t.name}-json", "title": f"{t.title} (JSON)", "path": f"{t.name}.json",
                          "format": "json", "mediatype": "application/json", "encoding": "utf-8"})
    for schema in published_schemas():
        resources.append({"name": "luoc-do-" + schema.name.removesuffix(".schema.json"),
                          "title": f"Lược đồ JSON Schema: {schema.name}", "path": f"schemas/{schema.name}",
                          "format": "json", "mediatype": "application/schema+json"})
    return {
        "profile": "data-package",
        "name": "phong-trao-thi-dua-chuyen-doi-so",
        "title": "Phong trào thi đua Chuyển đổi số – Bình dân học vụ số: số liệu theo dõi",
        "description": f"Số liệu tính đến ngày {as_of.isoformat()}. Cách tính: trang cach-tinh/ của trang web.",
        "version": as_of.isoformat(),
        "created": f"{as_of.isoformat()}T00:00:00Z",
        "licenses": [LICENSE],
        "resources": resources,
    }


def source_files(data_dir: Path) -> dict[str, bytes]:
    """The raw data files (YAML) for the zip, under data/: regular files only (paths.data_files
    leaves out symlinks, which could pull any file of the build machine into the zip)."""
    out = {}
    paths, _problems = data_files(Path(data_dir))  # the loader reported them already
    for path in paths:
        out["data/" + path.relative_to(data_dir).as_posix()] = path.read_bytes()
    return out


def make_zip(entries: dict[str, bytes]) -> bytes:
    """Deterministic zip: sorted names, fixed timestamps and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            # level 9 takes twice as long for a file 2 % smaller
            zf.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buf.getvalue()


def files(state) -> dict[str, bytes]:
    """Path under the open data folder -> bytes."""
    ds = state.dataset
    tabs = tables(overview(state), ds, emulation(state))
    out: dict[str, bytes] = {}
    for t in tabs:
        out[f"{t.name}.csv"] = to_csv(t)
        out[f"{t.name}.json"] = to_json(t)
        out[f"excel/{t.name}.csv"] = to_excel_csv(t)
    for schema in published_schemas():
        out[f"schemas/{schema.name}"] = schema.read_bytes()
    out["datapackage.json"] = (json.dumps(datapackage(tabs, ds.as_of), ensure_ascii=False, indent=1) + "\n").encode()
    out[ZIP_NAME] = make_zip({**out, **source_files(state.data_dir)})
    return out


def add_open_data(changes, state, existing: set[str]) -> None:
    if state.dataset.as_of is None:
        return
    folder = state.config.open_data_dir.strip("/")
    for name, content in files(state).items():
        changes.add(f"{folder}/{name}", content)


@marker("open-data-list")
def open_data_list(state, page, *_args) -> str:
    """Table of the downloadable tables on the open data page."""
    if state.dataset.as_of is None:
        return ""
    tabs = [(t, len(t.rows)) for t in tables(overview(state), state.dataset, emulation(state))]
    return fragment("open_data_list.html.j2", base=base_of(page.url if page is not None else ""), tabs=tabs,
                    folder=state.config.open_data_dir.strip("/"), zip_name=ZIP_NAME, as_of=state.dataset.as_of)
