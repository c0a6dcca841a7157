"""Synthetic data for the scale benchmark: N communes × M units, practices and stories.

The synthetic project is a copy of the real one (mkdocs.yml, docs/, hooks/,
overrides/, data/) with synthetic communes added beside the sample data. Every
synthetic file is derived from the real sample files, read with the project's
own strict loader: the commune file, its plan and its practice/story pages are
clones of the first sample commune with its ID and name replaced, and each unit
starts from the sample unit file (so fields added to the format later are kept)
with the parts that vary (kind, name, progress, reports, indicators, awards)
drawn from a seeded random generator. Same seed, same bytes.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from phongtrao.text import slugify
from phongtrao.reading.yamlio import load_file

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper


class _Dumper(_BaseDumper):
    """Never writes anchors/aliases: the project's loader rejects them, as it should."""

    def ignore_aliases(self, data):
        return True

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "data")
# practices, exemplars, stories: docs/<folder>/*.md pages with front matter naming a unit
PAGE_FOLDERS = ("mo-hinh-hay", "dien-hinh", "tin-tuc/posts")

# ---------------------------------------------------------------- names

_SYLLABLES = ("An", "Bình", "Hòa", "Tân", "Phú", "Thạnh", "Lộc", "Hưng", "Đông", "Tây", "Nam", "Bắc",
              "Ia", "Krông", "Ea", "Buôn", "Đắk", "Chư", "Kon", "Plei", "Mỹ", "Long", "Thuận", "Quang",
              "Trung", "Sơn", "Thủy", "Hải", "Phước", "Vĩnh", "Xuân", "Yên", "Đức", "Lạc", "Thành", "Hiệp")
_PERSONS = ("Kim Đồng", "Lê Lợi", "Nguyễn Du", "Trần Phú", "Quang Trung", "Võ Thị Sáu", "Chu Văn An",
            "Lý Tự Trọng", "Nguyễn Trãi", "Hùng Vương", "Lê Quý Đôn", "Nguyễn Văn Trỗi", "Hoa Sen",
            "Họa Mi", "Sơn Ca", "Bế Văn Đàn", "Ngô Quyền", "Phan Chu Trinh")
_COMPANIES = ("An Phát", "Minh Long", "Hưng Thịnh", "Tân Tiến", "Cà phê Đất Đỏ", "Nông sản Sạch",
              "Điện máy Phương Nam", "Vận tải Hòa Bình", "Dịch vụ số Tây Nguyên", "Gỗ Mỹ nghệ Đức Thành")
_OFFICES = (("phong-ban", "Văn phòng HĐND và UBND"), ("phong-ban", "Phòng Kinh tế"),
            ("phong-ban", "Phòng Văn hóa – Xã hội"), ("don-vi-su-nghiep", "Trung tâm Phục vụ hành chính công"),
            ("don-vi-su-nghiep", "Trung tâm Dịch vụ tổng hợp"), ("tram-y-te", "Trạm Y tế"),
            ("mttq-doan-the", "Ủy ban Mặt trận Tổ quốc Việt Nam"), ("mttq-doan-the", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
            ("mttq-doan-the", "Hội Liên hiệp Phụ nữ"), ("mttq-doan-the", "Hội Nông dân"),
            ("mttq-doan-the", "Hội Cựu chiến binh"))
_SENTENCES = (
    "Tổ chức lớp “Bình dân học vụ số” tại nhà văn hóa, hướng dẫn người dân cài đặt và dùng ứng dụng VNeID.",
    "Hướng dẫn hộ kinh doanh mở tài khoản thanh toán không dùng tiền mặt và niêm yết mã QR.",
    "Số hóa hồ sơ, tiếp nhận và trả kết quả thủ tục hành chính trên Cổng dịch vụ công quốc gia.",
    "Thành lập tổ công nghệ số cộng đồng, phân công đoàn viên hỗ trợ từng hộ gia đình.",
    "Tuyên truyền trên hệ thống loa truyền thanh và nhóm Zalo của thôn về an toàn thông tin mạng.",
    "Phối hợp với doanh nghiệp viễn thông phủ sóng 4G tại các điểm còn lõm sóng.",
    "Đưa sản phẩm nông sản của hợp tác xã lên sàn thương mại điện tử.",
    "Cán bộ, công chức hoàn thành khóa học kỹ năng số cơ bản trên nền tảng học trực tuyến mở.",
)


def _short(name: str) -> str:
    """"Xã Ia Băng" → "Ia Băng" (the part that follows the kind of commune)."""
    return re.sub(r"^(Xã|Phường|Đặc khu)\s+", "", name)


# ---------------------------------------------------------------- model of what is generated


@dataclass
class SyntheticProject:
    root: Path                       # temp project: mkdocs.yml, docs/, hooks/, overrides/, data/
    communes: list[str] = field(default_factory=list)
    unit_files: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)  # practices, stories, plan pages written into docs/

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"


def dump_yaml(data, path: Path, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def _replace_all(value, pairs):
    """Replace every (old, new) pair in every string of a nested value."""
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_all(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _replace_all(v, pairs) for k, v in value.items()}
    return value


def _load(path: Path):
    doc = load_file(path)
    if doc.problems:
        raise ValueError(f"sample file {path} is not valid: {doc.problems[0].message}")
    return doc.data


# ---------------------------------------------------------------- the template commune


@dataclass
class Template:
    """The first sample commune that has units, and everything hanging off it."""
    locality: dict
    locality_path: Path
    plan: dict
    plan_path: Path
    unit: dict
    indicators: list[dict]
    award_forms: list[str]
    as_of: dt.date
    plan_page: Path | None            # docs page of the plan text, if any
    plan_sources: list[Path]          # data files named after the plan (e.g. data/plans/nguon/<plan>.txt)
    pages: dict[str, list[Path]]      # folder -> sample practice/story pages


def read_template(project: Path) -> Template:
    data = project / "data"
    for loc_path in sorted((data / "localities").glob("*.yml")):
        units = sorted((data / "units" / loc_path.stem).glob("*.yml"))
        if units:
            break
    else:
        raise ValueError("no sample commune with at least one unit file in data/")
    locality = _load(loc_path)
    plan_path = data / "plans" / f"{locality['plan']}.yml"
    plan = _load(plan_path)
    unit = _load(units[0])
    site = _load(data / "site.yml") if (data / "site.yml").exists() else {}
    as_of = site.get("as_of") if isinstance(site.get("as_of"), dt.date) else dt.date(2026, 11, 15)
    indicators = _load(data / "indicators.yml") if (data / "indicators.yml").exists() else []
    try:  # the checker's vocabulary: data/award-forms.yml plus every plan's award_forms
        from phongtrao.reading.validate import award_forms
        forms = set(award_forms(data))
    except (ImportError, TypeError):
        forms = set()
    for path in sorted((data / "plans").glob("*.yml")):
        doc = load_file(path)
        if not doc.problems and isinstance(doc.data, dict):
            forms.update(a["id"] for a in doc.data.get("award_forms") or () if isinstance(a, dict) and "id" in a)
    forms = sorted(forms) or [a["form"] for a in unit.get("awards") or ()]
    plan_page = project / "docs" / plan["page"] if plan.get("page") else None
    sources = [p for p in (data / "plans").rglob(f"{plan['id']}.*") if p != plan_path]
    pages = {folder: sorted(p for p in (project / "docs" / folder).glob("*.md") if p.name != "index.md")
             for folder in PAGE_FOLDERS if (project / "docs" / folder).is_dir()}
    return Template(locality=locality, locality_path=loc_path, plan=plan, plan_path=plan_path, unit=unit,
                    indicators=list(indicators or ()), award_forms=forms, as_of=as_of,
                    plan_page=plan_page if plan_page and plan_page.exists() else None,
                    plan_sources=sources, pages=pages)


# ---------------------------------------------------------------- generation


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A fresh copy of the real project's site parts (no .git, no site/)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def _commune_names(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str]]:
    names = []
    while len(names) < count:
        kind = "phuong" if rng.random() < 0.3 else "xa"
        short = f"{rng.choice(_SYLLABLES)} {rng.choice(_SYLLABLES)}"
        ident = slugify(short)
        if ident in taken or short.split()[0] == short.split()[1]:
            continue
        taken.add(ident)
        names.append((ident, ("Phường " if kind == "phuong" else "Xã ") + short, kind))
    return names


def _unit_names(rng: random.Random, count: int, commune: str, phuong: bool) -> list[tuple[str, str]]:
    """(kind, name) for M units: offices first, then schools, villages, companies."""
    units = [(k, n) for k, n in _OFFICES]
    persons = list(_PERSONS)
    rng.shuffle(persons)
    for i, level in enumerate(("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở")):
        units.append(("truong-hoc", f"{level} {persons[i]}"))
    companies = list(_COMPANIES)
    rng.shuffle(companies)
    n_companies = max(1, count // 8)
    for i in range(n_companies):
        units.append(("doanh-nghiep", f"Công ty TNHH {companies[i % len(companies)]}"
                      + (f" {i // len(companies) + 1}" if i >= len(companies) else "")))
    village = "Tổ dân phố" if phuong else "Thôn"
    i = 1
    while len(units) < count:
        units.append(("thon-to-dan-pho", f"{village} {i}"))
        i += 1
    return units[:count]


def _unit(rng: random.Random, t: Template, loc: dict, plan: dict, kind: str, name: str, uid: str) -> dict:
    unit = dict(t.unit)  # keep fields the sample has that this generator does not know
    groups = {g["id"]: g for g in plan.get("target_groups") or ()}
    group = {"doanh-nghiep": "doanh-nghiep", "mttq-doan-the": "mttq-doan-the",
             "thon-to-dan-pho": "mttq-doan-the"}.get(kind, "co-quan-don-vi")
    criteria = [c["id"] for c in (groups.get(group) or {}).get("criteria") or ()]
    areas = [a["id"] for a in plan.get("content_areas") or ()]
    as_of = t.as_of
    start = dt.date(2025, 9, 15)
    span = max(1, (as_of - start).days)

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    progress = []
    for crit in rng.sample(criteria, k=min(len(criteria), rng.randint(1, 4))) if criteria else ():
        status = rng.choice(("chua-bat-dau", "dang-thuc-hien", "dang-thuc-hien", "hoan-thanh"))
        entry = {"criterion": crit, "status": status}
        if status == "dang-thuc-hien":
            entry["percent"] = rng.randrange(10, 95, 5)
        entry["date"] = day()
        if rng.random() < 0.5:
            entry["evidence"] = [f"https://example.gov.vn/{loc['id']}/{slugify(name)}/minh-chung-{crit}.pdf"]
        if rng.random() < 0.7:
            entry["note"] = rng.choice(_SENTENCES)
        progress.append(entry)
    for area in rng.sample(areas, k=min(len(areas), rng.randint(0, 2))):
        progress.append({"content_area": area, "status": "dang-thuc-hien", "percent": rng.randrange(10, 95, 5),
                         "date": day(), "note": rng.choice(_SENTENCES)})

    reports, values = [], []
    for period in loc.get("report_periods") or ():
        if period["due"] > as_of + dt.timedelta(days=30):
            continue
        luck = rng.random()
        if luck < 0.1:
            continue  # never reported
        report = {"period": str(period["id"])}
        late = luck > 0.8
        submitted = period["due"] + dt.timedelta(days=rng.randint(1, 25) if late else -rng.randint(0, 20))
        if submitted <= as_of:
            report["submitted"] = submitted
            report["summary"] = " ".join(rng.sample(_SENTENCES, 2))
            if rng.random() < 0.6:
                report["link"] = f"https://example.gov.vn/{loc['id']}/{slugify(name)}/bao-cao-{period['id']}.pdf"
        reports.append(report)
        vals = {}
        for ind in t.indicators:
            if rng.random() < 0.3:
                continue
            vals[ind["id"]] = rng.randint(20, 100) if ind.get("unit") == "%" else rng.randint(0, 500)
        if vals:
            values.append({"period": str(period["id"]), "values": vals})

    awards = []
    if t.award_forms and rng.random() < 0.15:
        awards.append({"form": rng.choice(t.award_forms), "decision": f"{rng.randint(10, 999)}/QĐ-UBND",
                       "date": day(), "issuer": f"Chủ tịch UBND {loc['name'].lower().split()[0]} {_short(loc['name'])}",
                       "note": "Tập thể có thành tích xuất sắc trong Phong trào thi đua."})

    slug = slugify(name)
    unit.update({
        "id": uid, "name": name, "kind": kind, "locality": loc["id"], "plan": plan["id"],
        "maintainers": [f"{slug[:20].strip('-')}-{loc['id'][:12].strip('-')}"],
        "contact": {"office": f"{name}, {loc['name']}", "phone": f"0{rng.randint(200, 299)} {rng.randint(3000000, 3999999)}",
                    "email": f"{slug.replace('-', '')[:24]}.{loc['id'].replace('-', '')}@example.gov.vn"},
        "progress": progress, "reports": reports, "indicators": values, "awards": awards,
        "updated": max([p["date"] for p in progress] + [start]),
    })
    unit.pop("target_group", None)
    clusters = [c["id"] for c in loc.get("clusters") or ()]
    if clusters:
        unit["cluster"] = clusters[min(len(clusters) - 1, {"phong-ban": 0, "don-vi-su-nghiep": 0, "tram-y-te": 0,
                                                           "mttq-doan-the": 1, "thon-to-dan-pho": 2}.get(kind, 3))]
    else:
        unit.pop("cluster", None)
    if rng.random() < 0.7:
        unit["sub_plan"] = {"number": f"{rng.randint(1, 99):02d}/KH-{slug[:6].upper()}", "issued": day(),
                            "link": f"https://example.gov.vn/{loc['id']}/{slug}/ke-hoach.pdf"}
    else:
        unit.pop("sub_plan", None)
    return {k: v for k, v in unit.items() if v not in (None, [], {})}


def _clone_page(src: Path, dest: Path, pairs, slug_suffix: str = "", unit: str | None = None) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8")
    for old, new in pairs:
        text = text.replace(old, new)
    if slug_suffix and text.startswith("---"):
        # permanent URLs come from the front matter slug: keep them unique
        text = re.sub(r"(?m)^(slug:\s*)([a-z0-9-]+)\s*$", lambda m: f"{m[1]}{m[2]}-{slug_suffix}", text, count=1)
    if unit and text.startswith("---"):
        # the sample may name a unit of another commune: point it at one of this commune's units
        text = re.sub(r"(?m)^(unit:\s*)([a-z0-9-]+)\s*$", lambda m: f"{m[1]}{unit}", text, count=1)
    dest.write_text(text, encoding="utf-8")
    return dest


def generate(dest: Path, communes: int, units_per_commune: int, seed: int = 2025,
             source: Path = ROOT) -> SyntheticProject:
    """Copy the project to dest and add `communes` synthetic communes of `units_per_commune` units."""
    rng = random.Random(seed)
    project = SyntheticProject(root=copy_project(dest, source))
    t = read_template(project.root)
    data = project.data_dir
    old_id, old_name = t.locality["id"], _short(t.locality["name"])
    taken = {p.stem for p in (data / "localities").glob("*.yml")}
    for ident, name, kind in _commune_names(rng, communes, taken):
        pairs = [(t.locality["name"], name), (old_name, _short(name)), (old_id, ident),
                 (old_name.upper(), _short(name).upper())]
        loc = _replace_all(t.locality, pairs)
        loc.update({"id": ident, "name": name, "kind": kind})
        plan = _replace_all(t.plan, pairs)
        plan["id"] = t.plan["id"].replace(old_id, ident)
        loc["plan"] = plan["id"]
        dump_yaml(loc, data / "localities" / f"{ident}.yml", "# Dữ liệu tổng hợp cho phép đo quy mô (bench).\n")
        dump_yaml(plan, t.plan_path.parent / f"{plan['id']}.yml")
        for src in t.plan_sources:
            _clone_page(src, src.with_name(src.name.replace(t.plan["id"], plan["id"])), pairs)
        if t.plan_page and plan.get("page"):
            project.pages.append(_clone_page(t.plan_page, project.docs_dir / plan["page"], pairs))
        unit_ids = []
        for kind_, uname in _unit_names(rng, units_per_commune, name, kind == "phuong"):
            slug = slugify(uname)
            unit_ids.append(f"{ident}-{slug}")
            path = data / "units" / ident / f"{slug}.yml"
            dump_yaml(_unit(rng, t, loc, plan, kind_, uname, f"{ident}-{slug}"), path,
                      "# Dữ liệu tổng hợp cho phép đo quy mô (bench), không phải số liệu thật.\n")
            project.unit_files.append(path)
        # the emulation: the template commune's assessment schemes for this commune, and one inspection
        # visiting about a tenth of its units, with findings resolved or not (measured at province size)
        for scheme_path in sorted((data / "assessment").glob("*.yml")):
            scheme = _load(scheme_path)
            if old_id in (scheme.get("localities") or ()):
                clone = _replace_all(scheme, pairs)
                clone.update(id=scheme["id"].replace(old_id, ident), localities=[ident])
                dump_yaml(clone, scheme_path.with_name(f"{clone['id']}.yml"))
        visited = sorted(rng.sample(unit_ids, max(1, len(unit_ids) // 10)))
        dump_yaml({"id": f"{ident}-2026-dot-1", "locality": ident, "date": dt.date(2026, 6, 10),
                   "title": "Kiểm tra việc triển khai Phong trào, đợt 1 năm 2026", "team": ["Trưởng đoàn", "Thành viên"],
                   "units": visited, "findings": [
                       dict({"unit": u, "finding": "Chưa cập nhật tiến độ các tiêu chí.",
                             "recommendation": "Cập nhật tiến độ kèm minh chứng.", "due": dt.date(2026, 7, 31)},
                            **({"resolved": dt.date(2026, 7, 20)} if rng.random() < 0.5 else {})) for u in visited]},
                  data / "inspections" / ident / "2026-dot-1.yml")
        # practices and stories: clones of the sample pages, one of each per ~20 units
        for folder, samples in ((f, s) for f, s in t.pages.items() if s):
            for i in range(max(1, units_per_commune // 20)):
                src = samples[i % len(samples)]
                dest_page = project.docs_dir / folder / f"{ident}-{i + 1}-{src.name}"
                project.pages.append(_clone_page(src, dest_page, pairs, f"{ident}-{i + 1}", rng.choice(unit_ids)))
        project.communes.append(ident)
    return project
