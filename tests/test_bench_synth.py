"""The benchmark's synthetic data is valid data by the project's own checks (correctness only, no timing)."""
from __future__ import annotations

from pathlib import Path

from bench import synth
from phongtrao.reading import practices
from phongtrao.reading.load import load_dataset


def _generate(tmp_path: Path, name: str, communes: int = 2, units: int = 8):
    return synth.generate(tmp_path / name, communes, units, seed=7)


def test_synthetic_units_pass_the_checker_and_are_all_loaded(tmp_path):
    project = _generate(tmp_path, "a")
    result = load_dataset(project.data_dir)
    synthetic = {p.resolve() for p in project.unit_files}
    bad = [p for p in result.problems if Path(p.file).resolve() in synthetic]
    assert not bad, "\n".join(f"{p.file}:{p.line}: {p.message}" for p in bad[:10])
    assert len(project.unit_files) == 2 * 8
    loaded = {u.source.resolve() for u in result.dataset.units.values()}
    assert synthetic <= loaded
    # each synthetic commune has its own plan, and its units follow it
    for commune in project.communes:
        loc = result.dataset.localities[commune]
        assert loc.plan in result.dataset.plans
        assert {u.plan for u in result.dataset.units_of(commune)} == {loc.plan}
    # the units carry what the site shows: progress, reports over periods, indicator values
    units = [u for u in result.dataset.units.values() if u.source.resolve() in synthetic]
    assert all(u.progress for u in units)
    assert any(len(u.reports) >= 2 for u in units)
    assert any(u.indicators for u in units)


def test_synthetic_practice_pages_pass_the_front_matter_checks(tmp_path):
    project = _generate(tmp_path, "p")
    result = load_dataset(project.data_dir)
    pages = [p for p in project.pages if p.parent.name in practices.SECTIONS]
    parsed = [practices.parse(p.read_text(encoding="utf-8"), p, p.parent.name,
                              p.relative_to(project.docs_dir).as_posix()) for p in pages]
    assert parsed, "no practice or exemplar page was generated"
    practices.cross_check(parsed, result.dataset)
    bad = [(item.src_uri, pr.message) for item in parsed for pr in item.problems]
    assert not bad, bad[:5]
    assert all(item.unit in result.dataset.units for item in parsed)


def test_same_seed_same_bytes(tmp_path):
    one, two = _generate(tmp_path, "one"), _generate(tmp_path, "two")
    rel = lambda project: sorted(p.relative_to(project.root) for p in project.unit_files + project.pages)  # noqa: E731
    assert rel(one) == rel(two)
    for path in rel(one):
        assert (one.root / path).read_bytes() == (two.root / path).read_bytes()
