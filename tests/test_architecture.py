"""The shape that lets the site outlive MkDocs: one adapter, a pure pipeline, one place for figures.

- only hooks/phongtrao/adapter.py knows MkDocs;
- `python -m phongtrao.cli generate OUT/` writes what the build publishes, without MkDocs;
- ProperDocs (the maintained fork) builds the same site, file by file;
- every number a page shows is a figure the figures module computed (or a value from the data).
"""
from __future__ import annotations

import csv
import html as html_lib
import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.tinh_toan import fixture_site
from phongtrao.figures import compute, scores
from phongtrao.reading import model

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks" / "phongtrao"
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_only_the_adapter_knows_mkdocs():
    knowing = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
                     if p.is_file() and p.suffix in (".py", ".j2", ".html") and "mkdocs" in p.read_text(encoding="utf-8"))
    assert knowing == ["adapter.py"]
    hooks_file = (ROOT / "hooks" / "mkdocs_hooks.py").read_text(encoding="utf-8")
    assert "from phongtrao.adapter import" in hooks_file and "def " not in hooks_file


def test_generate_writes_what_the_build_publishes_without_mkdocs(built_site, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    # a Python that cannot import mkdocs at all: the pipeline does not need it
    blocker = tmp_path / "no-mkdocs"
    (blocker / "mkdocs").mkdir(parents=True)
    (blocker / "mkdocs" / "__init__.py").write_text("raise ImportError('no mkdocs here')\n")
    env["PYTHONPATH"] = f"{blocker}:{env['PYTHONPATH']}"
    proc = subprocess.run([sys.executable, "-m", "phongtrao.cli", "generate", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    data_files = [p for p in written if not p.endswith(".md")]
    pages = [p for p in written if p.endswith(".md")]
    assert len(data_files) > 20 and len(pages) > 30
    for rel in data_files:  # open data and schemas: the very bytes the site publishes
        assert (out / rel).read_bytes() == (built_site / rel).read_bytes(), rel
    for rel in pages:       # every generated page is a page of the built site, at the same address
        url = rel.removesuffix(".md").removesuffix("index")
        assert (built_site / url / "index.html").is_file() or (built_site / f"{url}/index.html").is_file(), rel


def test_properdocs_builds_the_same_site(built_site, tmp_path):
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert properdocs, "properdocs is in requirements-test.txt"
    out = tmp_path / "properdocs"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    proc = subprocess.run([properdocs, "build", "--strict", "-d", str(out), "-f", str(ROOT / "mkdocs.yml")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ours = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert ours == theirs
    differ = [rel for rel in ours
              if GENERATOR_TAG.sub(b"", (built_site / rel).read_bytes()) != GENERATOR_TAG.sub(b"", (out / rel).read_bytes())]
    assert differ == []


# ---------------------------------------------------------------- every figure from the figures module

_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
_NUMBER = re.compile(r"(?<![\w.,])[-+]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?![\w])")


def _reachable_numbers(root) -> set[float]:
    """Every int and float reachable from the figures module's objects (fields and properties),
    and from the data they carry (a unit's own values shown as given)."""
    numbers: set[float] = set()
    seen: set[int] = set()
    alive: list = []  # properties build new objects: keep them, or a freed one's id comes back and is skipped
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, bool) or obj is None:
            continue
        if isinstance(obj, (int, float)):
            numbers.add(round(float(obj), 1))
            continue
        if isinstance(obj, (str, bytes)) or id(obj) in seen:
            continue
        seen.add(id(obj))
        alive.append(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
            if isinstance(obj, (list, tuple)):
                numbers.add(float(len(obj)))  # "5 đơn vị": how many rows a figure holds
        elif dataclasses.is_dataclass(obj) and type(obj).__module__ in (compute.__name__, scores.__name__,
                                                                          model.__name__):
            for f in dataclasses.fields(obj):
                stack.append(getattr(obj, f.name))
            for name, value in vars(type(obj)).items():
                if isinstance(value, property):
                    stack.append(getattr(obj, name))
    return numbers


def _shown_numbers(html: str) -> list[float]:
    """Numbers in the page's table cells and headline figures, as a reader reads them (1.234,5)."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>|<span class=\"pt-big\">(.*?)</span>", html, re.S)
    out = []
    for cell in (a or b for a, b in cells):
        cell = re.sub(r'<span class="pt-note">.*?</span>', " ", cell, flags=re.S)  # a unit's own words, not a figure
        text = _DATE.sub(" ", html_lib.unescape(re.sub(r"<[^>]+>", " ", cell)))
        for token in _NUMBER.findall(text):
            out.append(round(float(token.replace(".", "").replace(",", ".")), 1))
    return out


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    return site, {p.parent.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
                  for p in site.rglob("index.html")}


def test_every_number_on_the_generated_pages_is_a_figure_of_the_figures_module(fixture_pages):
    from fixtures.tinh_toan import fixture_data
    from phongtrao.reading.load import load_dataset
    site, pages = fixture_pages
    dataset = load_dataset(fixture_data()).dataset
    overview = compute.overview(dataset)
    known = _reachable_numbers((overview, scores.emulation(dataset, overview), compute.province_reports(overview)))
    wanted = [url for url in pages if url.startswith(("dia-ban", "don-vi", "qua-han", "bao-cao")) or url == "."]
    assert len(wanted) > 10
    strays = {}
    for url in wanted:
        missing = sorted({n for n in _shown_numbers(pages[url]) if n not in known})
        if missing:
            strays[url] = missing
    assert strays == {}


def test_every_number_in_the_open_data_is_a_figure_of_the_figures_module(fixture_pages):
    from fixtures.tinh_toan import fixture_data
    from phongtrao.reading.load import load_dataset
    site, _ = fixture_pages
    dataset = load_dataset(fixture_data()).dataset
    overview = compute.overview(dataset)
    known = _reachable_numbers((overview, scores.emulation(dataset, overview), compute.province_reports(overview)))
    strays = {}
    for path in sorted((site / "du-lieu").glob("*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            for key, value in row.items():
                if re.fullmatch(r"-?\d+(\.\d+)?", value or "") and not re.fullmatch(r"\d{4}", value):
                    if round(float(value), 1) not in known:
                        strays.setdefault(path.name, set()).add((key, value))
    assert strays == {}


def test_a_figure_computed_in_a_template_would_be_caught():
    """The walker is not vacuous: 63,6 % (7 of 11) is shown nowhere in compute's objects of an empty set."""
    assert 63.6 not in _reachable_numbers(compute.Tally(counts={"dung-han": 3}, total=5))
    assert _shown_numbers('<td>7/11 (63,6%)</td><td>15/12/2025</td><td>1.234,5</td>') == [7.0, 11.0, 63.6, 1234.5]
