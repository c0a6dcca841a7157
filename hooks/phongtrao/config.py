"""Typed configuration, read from `extra.phongtrao` in mkdocs.yml.

Like Material's plugin configs, but for a hooks file (which has no config of its
own). The environment variable PHONGTRAO_DATA overrides the data folder, so
tests and the benchmark can build the real site from other data, and
PHONGTRAO_LOCALITY (`make serve LOCALITY=ia-bang`) previews one commune's data
only, so an editor's `mkdocs serve` rebuilds in seconds even in a province.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class PhongTraoConfig(Config):
    data_dir = opt.Type(str, default="data")
    # where generated pages live in the site (never written into docs/)
    units_dir = opt.Type(str, default="don-vi")
    localities_dir = opt.Type(str, default="dia-ban")
    open_data_dir = opt.Type(str, default="du-lieu")
    # fail the build (not only `make check`) when a data file is invalid
    strict_data = opt.Type(bool, default=False)


def load_config(mkdocs_config) -> tuple[PhongTraoConfig, Path]:
    """Typed settings and the absolute data folder."""
    cfg = PhongTraoConfig()
    cfg.load_dict(dict((mkdocs_config.get("extra") or {}).get("phongtrao") or {}))
    errors, _warnings = cfg.validate()
    if errors:
        raise ValueError("; ".join(f"extra.phongtrao.{k}: {e}" for k, e in errors))
    root = Path(mkdocs_config["config_file_path"]).resolve().parent
    data_dir = Path(os.environ.get("PHONGTRAO_DATA") or root / cfg.data_dir)
    return cfg, data_dir.resolve()


def preview_localities() -> set[str] | None:
    """The localities of a one-commune preview (PHONGTRAO_LOCALITY, comma-separated), or None for all."""
    value = os.environ.get("PHONGTRAO_LOCALITY", "").strip()
    return {part.strip() for part in value.split(",") if part.strip()} or None
