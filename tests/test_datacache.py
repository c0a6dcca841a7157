"""The data cache: a rebuild skips files whose bytes were valid before, and changes nothing else.

What an official or a reader would notice if it went wrong: an edit that does
not show up, an old version of a file winning over a broken new one, an error
pointing at the wrong line, or a cache file that runs code.
"""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from phongtrao.reading.datacache import PACK_NAME, DataCache
from phongtrao.reading.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
LANG_BI = Path("units/ia-bang/lang-bi.yml")


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def _load(data: Path, cache_dir: Path):
    cache = DataCache(cache_dir)
    return load_dataset(data, cache=cache), cache


def test_warm_load_gives_the_same_units_without_reading_them(data, tmp_path):
    cold, cold_cache = _load(data, tmp_path / "cache")
    warm, warm_cache = _load(data, tmp_path / "cache")
    read = len(warm.dataset.units) + len(warm.dataset.plans) + len(warm.dataset.localities)
    assert cold_cache.hits == 0
    assert warm_cache.hits >= read  # every unit, plan and locality file: none read again
    assert warm.problems == cold.problems == []
    assert warm.dataset.units == cold.dataset.units
    assert warm.dataset.plans == cold.dataset.plans
    assert warm.dataset.localities == cold.dataset.localities
    assert warm.dataset.as_of == cold.dataset.as_of


def test_an_edited_file_is_read_again(data, tmp_path):
    _load(data, tmp_path / "cache")
    _, warm = _load(data, tmp_path / "cache")
    unit_file = data / LANG_BI
    text = unit_file.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("name:"))
    unit_file.write_text(text.replace(name_line, "name: Làng Bi (đã đổi tên)"), encoding="utf-8")
    result, cache = _load(data, tmp_path / "cache")
    assert result.dataset.units["ia-bang-lang-bi"].name == "Làng Bi (đã đổi tên)"
    assert cache.hits == warm.hits - 1  # only the edited file


def test_a_broken_edit_is_reported_even_though_an_older_version_was_valid(data, tmp_path):
    _load(data, tmp_path / "cache")
    unit_file = data / LANG_BI
    lines = unit_file.read_text(encoding="utf-8").splitlines()
    kind_at = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
    lines[kind_at] = "kind: hợp tác xã"
    unit_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for _ in range(2):  # a broken file is never cached: the second load reports it again
        result, _cache = _load(data, tmp_path / "cache")
        problems = [p for p in result.problems if Path(p.file).name == "lang-bi.yml"]
        assert [p.line for p in problems] == [kind_at + 1]
        assert "ia-bang-lang-bi" not in result.dataset.units
        assert "ia-bang-doan-thanh-nien" in result.dataset.units


def test_a_cached_unit_still_gets_the_right_line_when_another_file_breaks_its_reference(data, tmp_path):
    _load(data, tmp_path / "cache")
    # the locality renames the cluster the (unchanged, cached) unit file points to
    locality = data / "localities" / "ia-bang.yml"
    locality.write_text(locality.read_text(encoding="utf-8").replace("cum-thon-lang", "cum-thon-buon"),
                        encoding="utf-8")
    result, cache = _load(data, tmp_path / "cache")
    assert cache.hits > 0
    problems = [p for p in result.problems if Path(p.file).name == "lang-bi.yml"]
    cluster_line = next(i for i, line in enumerate((data / LANG_BI).read_text(encoding="utf-8").splitlines(), 1)
                        if line.startswith("cluster:"))
    assert problems and problems[0].line == cluster_line
    assert "cụm, khối thi đua" in problems[0].message


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-by-cache",))


def test_a_planted_cache_file_cannot_run_code(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / PACK_NAME).write_bytes(pickle.dumps({b"k" * 20: _Planted()}))
    result, cache = _load(data, cache_dir)
    assert not (tmp_path / "planted-by-cache").exists()
    assert cache.hits == 0 and result.problems == []
    assert len(result.dataset.units) == 28
    # the pack was replaced by a clean one
    warm, warm_cache = _load(data, cache_dir)
    assert warm_cache.hits > 0 and not (tmp_path / "planted-by-cache").exists()
