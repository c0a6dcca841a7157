"""Safety: contributed Markdown and YAML strings cannot put script into the site,
and every page carries a Content-Security-Policy that Material's own scripts pass."""
from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ATTACKS = Path(__file__).resolve().parent / "attacks"
sys.path.insert(0, str(ROOT / "hooks"))

from conftest import build_site  # noqa: E402
from phongtrao.pages import sanitize  # noqa: E402

DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "applet", "math",
                  "form", "input", "button", "textarea", "meta", "base", "link", "noscript", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "cite"}
_CONTROL = re.compile(r"[\x00-\x20]+")


def dangerous_url(value: str) -> bool:
    """javascript:, vbscript: or data: (other than images), however it is spelled."""
    url = _CONTROL.sub("", html.unescape(value or "")).lower()
    return url.startswith(("javascript:", "vbscript:", "livescript:")) or (
        url.startswith("data:") and not url.startswith("data:image/"))


class PageAudit(HTMLParser):
    """What a browser would find executable in a page, and what the article shows."""

    def __init__(self, contributed: bool = True):
        super().__init__(convert_charrefs=True)
        self.contributed = contributed  # the page's content comes from contributors or unit files
        self.depth_in_article = 0
        self.findings: list[str] = []
        self.article_text: list[str] = []
        self.config_ids = 0
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth_in_article += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "id" and value == "__config":
                self.config_ids += 1
            if name == "style" and re.search(r"expression|url\s*\(|javascript", value or "", re.I):
                self.findings.append(f"<{tag} style={value!r}>")
        if self.contributed and self.depth_in_article and tag in DANGEROUS_TAGS:
            self.findings.append(f"<{tag}> in the article")
        if tag in ("script", "style"):
            self._in_script = tag

    def handle_endtag(self, tag):
        if tag == "article" and self.depth_in_article:
            self.depth_in_article -= 1
        if tag in ("script", "style"):
            self._in_script = None

    def handle_data(self, data):
        if self._in_script and "xss" in data:
            self.findings.append(f"<{self._in_script}> containing an attack: {data[:60]!r}")
        if self.depth_in_article:
            self.article_text.append(data)


def audit(path: Path, contributed: bool = True) -> PageAudit:
    parser = PageAudit(contributed)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def attack_strings() -> list[str]:
    return yaml.safe_load((ATTACKS / "strings.yml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the sanitiser itself


@pytest.mark.parametrize("payload", attack_strings())
def test_markdown_helper_neutralises_yaml_strings(payload):
    out = sanitize.markdown_html(payload, inline=True)
    audit_ = PageAudit()
    audit_.depth_in_article = 1
    audit_.feed(out)
    assert audit_.findings == [], out
    assert re.search(r"AN-TOAN-Y\d+", out), out


def test_sanitiser_keeps_what_material_renders():
    kept = ('<h2 id="noi-dung-5">Nội dung 5<a class="headerlink" href="#noi-dung-5" title="Liên kết">¶</a></h2>'
            '<div class="admonition note"><p class="admonition-title">Ghi chú</p><p>x</p></div>'
            '<details class="tip"><summary>Mở</summary><p>y</p></details>'
            '<table><thead><tr><th style="text-align: left;">A</th></tr></thead>'
            '<tbody><tr><td style="text-align: left;">1</td></tr></tbody></table>'
            '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'
            '<p><img alt="ảnh" src="https://example.gov.vn/a.png"> <img alt="b" src="../anh/b.png"></p>'
            '<svg class="pt-chart" role="img" aria-label="Biểu đồ" viewBox="0 0 10 10"><title>Biểu đồ</title>'
            '<rect class="pt-fill" x="0" y="0" width="5" height="2" rx="1"></rect>'
            '<text class="pt-value" x="6" y="2" text-anchor="end">50%</text></svg>'
            '<p><a href="https://example.gov.vn/bc.pdf" rel="nofollow noopener">Văn bản</a></p>')
    assert sanitize.clean_html(kept) == kept


# ------------------------------------------------------------------ the real site built with the corpus


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory) -> Path:
    """The real site, built from a copy of docs/ and data/ with the attack corpus added."""
    work = tmp_path_factory.mktemp("attack")
    docs, data = work / "docs", work / "data"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "data", data)
    (docs / "mo-hinh-hay").mkdir(exist_ok=True)
    shutil.copy(ATTACKS / "markdown.md", docs / "mo-hinh-hay" / "thu-nghiem-an-toan.md")

    strings = attack_strings()
    unit_files = sorted((data / "units").glob("*/*.yml"))
    preferred = data / "units" / "ia-bang" / "phong-van-hoa-xa-hoi.yml"
    if unit_files:
        source = preferred if preferred.exists() else unit_files[0]
        unit = yaml.safe_load(source.read_text(encoding="utf-8"))
        chunks = [strings[i::3] for i in range(3)]
        for item in unit.get("progress") or []:
            item["note"] = " | ".join(chunks[0])
        for report in unit.get("reports") or []:
            report["summary"] = " | ".join(chunks[1])
        for award in unit.get("awards") or []:
            award["note"] = " | ".join(chunks[2])
        source.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8")
        # a second unit whose evidence link breaks out of the attribute; if the
        # schema refuses it the file is skipped (safe too), else it is rendered
        twin = dict(unit, id=f"{unit['locality']}-thu-nghiem-minh-chung")
        if twin.get("progress"):
            twin["progress"] = [dict(twin["progress"][0], evidence=[
                'https://example.gov.vn/a"><script>alert("xss-e1")</script>', "javascript:alert('xss-e2')"])]
        (source.parent / "thu-nghiem-minh-chung.yml").write_text(
            yaml.safe_dump(twin, allow_unicode=True, sort_keys=False), encoding="utf-8")

    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"hooks: [{ROOT / 'hooks' / 'mkdocs_hooks.py'}]\n"
        f"theme: {{name: material, custom_dir: {ROOT / 'overrides'}}}\n",
        encoding="utf-8")
    out = work / "site"
    import os
    import subprocess
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PHONGTRAO_DATA=str(data))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_attack_page_keeps_harmless_text_and_drops_every_payload(attack_site):
    page = attack_site / "mo-hinh-hay" / "thu-nghiem-an-toan" / "index.html"
    result = audit(page)
    assert result.findings == []
    assert result.config_ids == 1, "a contributed id=__config would shadow Material's configuration"
    shown = " ".join(result.article_text)
    expected = {f"AN-TOAN-{n}" for n in range(1, 24) if n != 22} | {"AN-TOAN-TIEU-DE"}  # 22: an alt text
    missing = sorted(m for m in expected if not re.search(rf"{m}\b", shown))
    assert missing == [], f"harmless text lost: {missing}"
    text = page.read_text(encoding="utf-8")
    # what Material needs from the same page survives: permalinks, table alignment, admonition, details
    assert 'class="headerlink"' in text and 'style="text-align: left;"' in text
    assert 'class="admonition note"' in text and "<details" in text
    assert '<img alt="Ảnh hợp lệ AN-TOAN-22" src="https://example.gov.vn/anh.png"' in text


def test_no_page_of_the_attack_site_carries_executable_attack(attack_site):
    findings = {}
    for page in attack_site.rglob("*.html"):
        rel = page.relative_to(attack_site).as_posix()
        contributed = sanitize.is_contributed(rel.replace("/index.html", ".md"), "don-vi")
        result = audit(page, contributed)
        if result.findings:
            findings[str(page.relative_to(attack_site))] = result.findings
    assert findings == {}


def test_unit_yaml_strings_are_shown_as_text_on_the_unit_page(attack_site, built_site):
    units = [p for p in (built_site / "don-vi").glob("**/index.html") if p.parent != built_site / "don-vi"] \
        if (built_site / "don-vi").is_dir() else []
    if not units:
        pytest.skip("unit pages (/don-vi/<unit>/) are not generated yet")
    pages = [p for p in (attack_site / "don-vi").glob("**/index.html")]
    shown = " ".join(" ".join(audit(p).article_text) for p in pages)
    missing = [f"AN-TOAN-Y{n}" for n in range(1, 11) if not re.search(rf"AN-TOAN-Y{n}\b", shown)]
    assert missing == [], f"unit notes/summaries not shown on unit pages: {missing}"


# ------------------------------------------------------------------ Content-Security-Policy


_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S | re.I)


def executed_inline_scripts(text: str) -> list[str]:
    return [body for attrs, body in _SCRIPT.findall(text)
            if "src=" not in attrs and "application/json" not in attrs]


def sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_every_page_has_a_policy_allowing_exactly_its_inline_scripts(built_site):
    # embed cards (nhung/) carry their own stricter policy (default-src 'none', no script): tested in test_embeds
    pages = sorted(p for p in built_site.rglob("*.html") if p.relative_to(built_site).parts[0] != "nhung")
    assert pages
    container_scripts = set()
    policies = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        match = _CSP.search(text)
        assert match, f"{page}: no CSP meta"
        head = text[: text.index("</head>")]
        assert head.index(match[0]) < head.find("<script") or "<script" not in head, "CSP must precede scripts"
        policy = dict((d.split()[0], d.split()[1:]) for d in match[1].split("; "))
        script_src = policy["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert policy["object-src"] == ["'none'"]
        for body in executed_inline_scripts(text):
            assert sha256(body) in script_src, f"{page}: inline script not hashed: {body[:60]}"
        # instant navigation re-runs the scripts of the content container under the first page's policy
        container = text[text.find('data-md-component="container"'):]
        container_scripts.update(executed_inline_scripts(container))
        policies[page] = set(script_src)
    for page, allowed in policies.items():
        for body in container_scripts:
            assert sha256(body) in allowed, f"{page}: would block {body[:60]} after instant navigation"


def test_policy_is_added_when_building_but_not_while_serving():
    import types

    import material

    from phongtrao.pipeline import PageView
    from phongtrao.publishing import csp

    page = PageView(src_uri="ke-hoach/index.md", url="ke-hoach/",
                    canonical_url="https://phong-trao-so.github.io/theo-doi/ke-hoach/")
    dirs = (str(ROOT / "overrides"), str(Path(material.__file__).parent / "templates"))
    material_script = ('var target=document.getElementById(location.hash.slice(1));'
                       'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))')
    html_ = f'<html><head><meta charset="utf-8"><script>{material_script}</script></head><body></body></html>'
    built = csp.content_security_policy(html_, page, types.SimpleNamespace(theme_dirs=dirs, serving=False))
    assert built.index("Content-Security-Policy") < built.index("<script>")
    assert sha256(material_script) in built
    # no third party but GitHub's API, where the form editor sends pull requests (not the repository widget)
    assert "connect-src 'self' https://phong-trao-so.github.io https://api.github.com;" in built
    # a live preview adds a live-reload inline script after the hooks ran: no policy there
    assert csp.content_security_policy(html_, page, types.SimpleNamespace(theme_dirs=dirs, serving=True)) == html_
