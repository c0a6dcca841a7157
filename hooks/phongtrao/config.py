"""Typed settings, read from `extra.phongtrao` in the site's config file.

Like Material's plugin configs, but for a hooks file (which has no config of its
own). The environment variable PHONGTRAO_DATA overrides the data folder, so
tests and the benchmark can build the real site from other data, and
PHONGTRAO_LOCALITY (`make serve LOCALITY=ia-bang`) previews one commune's data
only, so an editor's live preview rebuilds in seconds even in a province.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PhongTraoConfig:
    data_dir: str = "data"
    # where generated pages live in the site (never written into docs/)
    units_dir: str = "don-vi"
    localities_dir: str = "dia-ban"
    open_data_dir: str = "du-lieu"
    # fail the build (not only `make check`) when a data file is invalid
    strict_data: bool = False


def load_config(extra: dict, root: Path) -> tuple[PhongTraoConfig, Path]:
    """Typed settings and the absolute data folder; a wrong setting is a ValueError naming it."""
    fields = {f.name: f.type for f in dataclasses.fields(PhongTraoConfig)}
    values = {}
    for key, value in dict(extra or {}).items():
        if key not in fields:
            raise ValueError(f"extra.phongtrao.{key}: không có thiết lập này (có: {', '.join(fields)})")
        wanted = bool if fields[key] == "bool" else str
        if not isinstance(value, wanted):
            raise ValueError(f"extra.phongtrao.{key}: phải là {'true/false' if wanted is bool else 'một dòng chữ'}")
        values[key] = value
    cfg = PhongTraoConfig(**values)
    data_dir = Path(os.environ.get("PHONGTRAO_DATA") or Path(root) / cfg.data_dir)
    return cfg, data_dir.resolve()


def preview_localities() -> set[str] | None:
    """The localities of a one-commune preview (PHONGTRAO_LOCALITY, comma-separated), or None for all."""
    value = os.environ.get("PHONGTRAO_LOCALITY", "").strip()
    return {part.strip() for part in value.split(",") if part.strip()} or None


def site_province() -> str | None:
    """The province a site is built for (PHONGTRAO_PROVINCE, its slug, set by deploy.yml's matrix), or None for all."""
    return os.environ.get("PHONGTRAO_PROVINCE", "").strip() or None
