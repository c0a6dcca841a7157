"""The whole country: one site per province, built as a CI matrix, and a national index page.

- `provinces(data_dir)`: the provinces the data holds (slug, name, communes).
- `input_key(root, province)`: a hash of everything a province's site is built from (the code, the
  shared data, that province's communes); a deploy rebuilds a province only when its key changed.
- `seal_site` / `site_is_sealed`: a built site kept between deploys carries a manifest sealed
  with the deploy's secret (sealed.py): a restored site whose seal fails is built again.
- `national_index(sites, site_url)`: the page at the root listing every province, from the
  figures each province site publishes (du-lieu/tong-hop-ke-hoach.csv), never recomputed here.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from .reading import sealed
from .reading.paths import data_files
from .reading.yamlio import load_file
from .text import slugify, sort_vi

SHARED = ("hooks", "overrides", "docs", "data/plans", "data/assessment", "data/award-rounds")
SHARED_FILES = ("requirements.txt", "data/site.yml", "data/indicators.yml", "data/award-forms.yml")
PER_COMMUNE = ("data/units/{}", "data/inspections/{}")
SEAL_FILE = ".phongtrao-seal"


@dataclass(frozen=True)
class Province:
    slug: str
    name: str
    localities: tuple[str, ...]


def provinces(data_dir: Path) -> list[Province]:
    found: dict[str, list[str]] = {}
    paths, _ = data_files(Path(data_dir) / "localities", recursive=False)
    for path in paths:
        data = load_file(path).data
        if isinstance(data, dict) and isinstance(data.get("province"), str) and isinstance(data.get("id"), str):
            found.setdefault(data["province"], []).append(data["id"])
    return [Province(slugify(name), name, tuple(sorted(found[name]))) for name in sort_vi(found)]


def _hash_tree(digest, root: Path, rel: str) -> None:
    target = root / rel
    files = sorted(p for p in target.rglob("*") if p.is_file() and not p.is_symlink()) if target.is_dir() else \
        ([target] if target.is_file() else [])
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def input_key(root: Path, province: Province) -> str:
    """Changes when anything this province's site is built from changes (and only then)."""
    root = Path(root)
    digest = hashlib.sha256(province.slug.encode())
    top = [p.name for p in sorted(root.glob("*.yml"))]  # the site's config file, permalinks.yml
    for rel in (*SHARED, *SHARED_FILES, *top):
        _hash_tree(digest, root, rel)
    for loc in province.localities:
        _hash_tree(digest, root, f"data/localities/{loc}.yml")
        for pattern in PER_COMMUNE:
            _hash_tree(digest, root, pattern.format(loc))
    return digest.hexdigest()[:32]


def matrix(root: Path, data_dir: Path) -> list[dict]:
    """The CI matrix: one entry per province with the key its built site is kept under."""
    return [{"province": p.slug, "name": p.name, "localities": list(p.localities), "key": input_key(root, p)}
            for p in provinces(data_dir)]


# ---------------------------------------------------------------- a built site kept between deploys


def _manifest(site: Path) -> bytes:
    lines = []
    for path in sorted(p for p in Path(site).rglob("*") if p.is_file() and p.name != SEAL_FILE):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(site).as_posix()}")
    return "\n".join(lines).encode()


def seal_site(site: Path) -> None:
    (Path(site) / SEAL_FILE).write_bytes(sealed.seal("site", _manifest(site)))


def site_is_sealed(site: Path) -> bool:
    """Was this folder written, file for file, by a build holding the deploy's key?"""
    seal = Path(site) / SEAL_FILE
    if not seal.is_file() or seal.is_symlink():
        return False
    manifest = sealed.unseal("site", seal.read_bytes())
    return manifest is not None and manifest == _manifest(site)


# ---------------------------------------------------------------- the national index


@dataclass(frozen=True)
class ProvinceSummary:
    province: Province
    communes: int
    units: int
    on_time: int
    completed: int
    applicable: int

    @property
    def completion_pct(self) -> float | None:
        from .figures.compute import percent
        return percent(self.completed, self.applicable)


def summary(province: Province, site: Path) -> ProvinceSummary:
    """A province's figures as its own site publishes them (one row per commune in tong-hop-ke-hoach)."""
    text = (Path(site) / "du-lieu" / "tong-hop-ke-hoach.csv").read_bytes().decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["nhom"] == "dia-ban"]
    total = lambda key: sum(int(r[key] or 0) for r in rows)  # noqa: E731
    return ProvinceSummary(province, len(rows), total("so_don_vi"), total("dung_han"), total("tieu_chi_hoan_thanh"),
                           total("tieu_chi_ap_dung"))


NATIONAL_SCRIPT = "tim-kiem-ca-nuoc.js"   # beside index.html: overrides/assets/javascripts/phongtrao-national-search.js


def national_index(summaries: list[ProvinceSummary], site_url: str, title: str) -> str:
    """The national page: every province's figures, and one search over every province's index."""
    from urllib.parse import urlsplit
    from .pages.generate_pages import fragment
    base_path = urlsplit(site_url).path or "/"   # the indexes are fetched from this origin, by path
    if not base_path.endswith("/"):
        base_path += "/"
    sites = [{"slug": s.province.slug, "name": s.province.name} for s in summaries]
    return fragment("national_index.html.j2", summaries=summaries, site_url=site_url, title=title,
                    base_path=base_path, search_sites=sites, script=NATIONAL_SCRIPT)


def write_national_index(out: Path, summaries: list[ProvinceSummary], site_url: str, title: str) -> None:
    """index.html and its search script, at the root of the country's site."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(national_index(summaries, site_url, title), encoding="utf-8")
    script = Path(__file__).resolve().parents[2] / "overrides/assets/javascripts/phongtrao-national-search.js"
    (out / NATIONAL_SCRIPT).write_bytes(script.read_bytes())

