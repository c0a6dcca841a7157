"""Hardening, class 3: a cache can make a build faster, never different from a cold build.

The attacker controls one cache entry (a file under .cache/, or a CI cache a
deploy restores): a data-pack entry for a unit's real bytes with invented
figures, a card PNG, a compiled template, a truncated pack. Each is planted
into a project copy after a first build, and the second build's site must be
byte-identical to a build with no cache at all.
"""
from __future__ import annotations

import filecmp
import pickle
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hardening import project_copy  # noqa: E402
from phongtrao.reading import datacache, sealed  # noqa: E402
from phongtrao.reading.datacache import PACK_NAME, DataCache  # noqa: E402
from phongtrao.reading.load import load_dataset  # noqa: E402

UNIT = "data/units/ia-bang/phong-van-hoa-xa-hoi.yml"


def _differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two site folders (the sitemap aside: dates come from the commit)."""
    out = []
    cmp = filecmp.dircmp(a, b)
    stack = [(cmp, "")]
    while stack:
        node, prefix = stack.pop()
        out += [prefix + n for n in node.left_only + node.right_only + node.diff_files]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(out)


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("cold"))
    proc = project.build(PHONGTRAO_DATA_CACHE="off", PHONGTRAO_CARD_CACHE="off")
    assert proc.returncode == 0, proc.stderr
    return project.root / "site"


@pytest.fixture
def warm(tmp_path):
    """A project copy built once with its caches on (.cache/ beside its mkdocs.yml)."""
    project = project_copy(tmp_path / "p")
    proc = project.build()
    assert proc.returncode == 0, proc.stderr
    assert (project.root / ".cache/phongtrao-data" / PACK_NAME).exists()
    return project


def _forged_unit(raw: bytes) -> dict:
    from phongtrao.reading.yamlio import load_bytes
    data = load_bytes(raw, Path("x.yml")).data
    for item in data.get("progress") or ():
        item["status"], item["percent"] = "hoan-thanh", 100
    return data


def test_a_forged_data_entry_for_a_units_real_bytes_is_not_published(warm, cold, tmp_path):
    raw = (warm.root / UNIT).read_bytes()
    pack = warm.root / ".cache/phongtrao-data" / PACK_NAME
    forged = _forged_unit(raw)
    key = DataCache(None).key(raw, "unit")
    # written as the previous format (a bare pickle) and as the current one with a made-up seal
    for blob in (pickle.dumps({key: forged}), b"\0" * 32 + pickle.dumps({key: ("unit", forged)})):
        pack.write_bytes(blob)
        proc = warm.build(tmp_path / "site")
        assert proc.returncode == 0, proc.stderr
        assert _differences(cold, tmp_path / "site") == []


@pytest.mark.parametrize("blob", [b"\x80\x04" + b"\xff" * 18, b"", b"\0" * 31, b"x" * 20])
def test_an_unreadable_pack_is_an_empty_cache(tmp_path, blob):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / PACK_NAME).write_bytes(blob)
    result = load_dataset(project_copy(tmp_path / "p").data, cache=DataCache(folder))
    assert result.problems == [] and len(result.dataset.units) == 28


def test_a_sealed_entry_that_no_longer_passes_its_schema_is_read_again(tmp_path):
    """Even an entry with a good seal (an older build's format, a bug) is checked before it is used."""
    project = project_copy(tmp_path / "p")
    raw = (project.root / UNIT).read_bytes()
    folder = tmp_path / "cache"
    key = DataCache(folder).key(raw, "unit")
    broken = {"id": "ia-bang-phong-van-hoa-xa-hoi"}  # an entry missing every required field
    sealed.write(folder / PACK_NAME, PACK_NAME, pickle.dumps({key: ("unit", broken)}))
    cache = DataCache(folder)
    result = load_dataset(project.data, cache=cache)
    assert result.problems == []
    assert result.dataset.units["ia-bang-phong-van-hoa-xa-hoi"].name == "Phòng Văn hóa – Xã hội"


def test_a_forged_card_is_drawn_afresh(warm, cold, tmp_path):
    cards = sorted((warm.root / ".cache/phongtrao-cards").glob("*.png"))
    assert cards
    for card in cards:
        card.write_bytes(b"\x89PNG\r\n\x1a\n" + b"forged" * 100)
    proc = warm.build(tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert _differences(cold, tmp_path / "site") == []


def test_no_compiled_template_is_ever_loaded_from_the_cache(warm, tmp_path):
    """A forged Jinja bytecode file for every template cannot run during the build."""
    from jinja2 import FileSystemBytecodeCache

    from phongtrao.pages import generate_pages
    marker = tmp_path / "ran"
    folder = warm.root / ".cache" / "phongtrao-templates"
    folder.mkdir(parents=True, exist_ok=True)
    bcc = FileSystemBytecodeCache(str(folder))
    env = generate_pages.environment()
    for template in sorted(p.name for p in generate_pages.TEMPLATES.iterdir()):
        source, filename, _ = env.loader.get_source(env, template)
        bucket = bcc.get_bucket(env, template, filename, source)
        bucket.code = compile(f"open({str(marker)!r}, 'w').close()", "x", "exec")
        bcc.set_bucket(bucket)
    proc = warm.build(tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


def test_the_cache_key_follows_the_libraries(monkeypatch):
    import yaml
    before = datacache.code_version()
    monkeypatch.setattr(yaml, "__version__", "0.0.0")
    assert datacache.code_version() != before
    monkeypatch.undo()
    import importlib.metadata
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    assert datacache.code_version() != before


def test_a_seal_from_another_key_is_refused(monkeypatch):
    blob = sealed.seal("p", b"payload")
    assert sealed.unseal("p", blob) == b"payload"
    assert sealed.unseal("q", blob) is None  # bound to its purpose
    monkeypatch.setenv("PHONGTRAO_CACHE_KEY", "another machine")
    sealed.key.cache_clear()
    try:
        assert sealed.unseal("p", blob) is None
    finally:
        sealed.key.cache_clear()
