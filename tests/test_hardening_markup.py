"""Hardening, class 1: contributed strings never become markup or script, wherever they land.

An attacker controls one unit file, one practice page or one news post. Each
string they control is planted with a payload, the real site is built from the
copy, and every output a reader or a feed reader gets is audited: page titles,
<meta> and Open Graph content, headers, nav and footer links, the search index,
feeds. The CSP must hash only the theme's own scripts. Plain names refuse markup
with a Vietnamese message naming file and line.
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hardening import project_copy  # noqa: E402
from phongtrao.publishing import csp  # noqa: E402
from phongtrao.reading.load import load_dataset  # noqa: E402
from phongtrao.untrusted import html_text, log_text, markup_like, plain  # noqa: E402

MARK = "xss"  # every payload sets document.documentElement.dataset.xss or calls alert(…"xss…")

# A post heading written with character references: Markdown shows it as text, MkDocs keeps
# it as the page title's HTML, and Material's `striptags` in <title> decoded it into a tag.
POST_H1 = "# Tin &lt;/title&gt;&lt;script&gt;document.documentElement.dataset.xss='h1'&lt;/script&gt;"
POST_FRONT = {
    "title": "<svg onload=alert('xss-post-title')>Tin mới",
    "description": "<img src=x onerror=alert('xss-post-desc')>Mô tả",
}
PRACTICE_FRONT = {
    "title": "<img src=x onerror=alert('xss-practice-title')>Mô hình",
    "description": '"><script>alert("xss-practice-desc")</script>',
}


def _front(fields: dict) -> str:
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("markup"))
    # a news post whose title, description and heading carry payloads
    project.write("docs/tin-tuc/posts/thu-nghiem-tieu-de.md",
                  "---\n" + _front(POST_FRONT) + "slug: thu-nghiem-tieu-de\ndate: 2026-09-01\n"
                  "authors: [ban-bien-tap]\ncategories: [Phát động phong trào]\n---\n\n"
                  f"{POST_H1}\n\nNội dung AN-TOAN.\n")
    # a post without a front matter title: its page title is the heading's HTML
    project.write("docs/tin-tuc/posts/thu-nghiem-h1.md",
                  "---\nslug: thu-nghiem-h1\ndate: 2026-09-02\nauthors: [ban-bien-tap]\n"
                  f"categories: [Phát động phong trào]\n---\n\n{POST_H1}\n\nNội dung AN-TOAN.\n")
    # a practice whose title and description carry payloads
    project.edit("docs/mo-hinh-hay/cho-khong-dung-tien-mat.md",
                 "title: Chợ không dùng tiền mặt ở tổ dân phố\n", _front({"title": PRACTICE_FRONT["title"]}))
    project.edit("docs/mo-hinh-hay/cho-khong-dung-tien-mat.md",
                 "description: Tiểu thương được hỗ trợ mở tài khoản và in mã QR; người mua thanh toán bằng điện thoại.\n",
                 _front({"description": PRACTICE_FRONT["description"]}))
    project.edit("docs/tin-tuc/.authors.yml", "name: Ban biên tập", "name: \"Ban <img src=x onerror=alert(5)>\"")
    # the unit attack of the issue: a unit maintainer's own file
    project.edit("data/units/ia-bang/phong-van-hoa-xa-hoi.yml", "name: ",
                 "name: \"Làng Bi </title><script>document.documentElement.dataset.xss=location.host</script>\"\nx_old_name: ")
    return project


@pytest.fixture(scope="module")
def lenient(attacked):
    """Built without --strict (as `serve` would): every layer below validation must hold on its own."""
    proc = attacked.build()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return attacked.root / "site"


class Executable(HTMLParser):
    """Scripts, handlers and tags a browser would run or create from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        for name, _value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
        if tag == "script" and not dict(attrs).get("src"):
            self._script = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_strict_build_refuses_every_planted_string_with_file_and_line(attacked, tmp_path):
    proc = attacked.build(tmp_path / "strict", strict=True)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in log
    # the unit file: refused at the line of `name:` (line 2), in Vietnamese
    unit_line = next(i for i, line in enumerate(
        (attacked.data / "units/ia-bang/phong-van-hoa-xa-hoi.yml").read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("name:"))
    assert re.search(rf"phong-van-hoa-xa-hoi\.yml:{unit_line}:\d+: Trường “name” \(Tên đơn vị\) chỉ ghi chữ thường", log)
    assert re.search(r"cho-khong-dung-tien-mat\.md:\d+:\d+: “title” chỉ ghi chữ thường", log)
    assert re.search(r"cho-khong-dung-tien-mat\.md:\d+:\d+: “description” chỉ ghi chữ thường", log)
    assert re.search(r"thu-nghiem-tieu-de\.md:\d+:\d+: “title” chỉ ghi chữ thường", log)
    assert re.search(r"thu-nghiem-tieu-de\.md:\d+:\d+: “description” chỉ ghi chữ thường", log)
    assert re.search(r"\.authors\.yml:\d+:\d+: “name” chỉ ghi chữ thường", log)


def test_no_page_runs_or_creates_anything_planted(lenient):
    known = csp.template_scripts(_theme_dirs())
    findings = {}
    for page in _pages(lenient):
        audit = Executable()
        audit.feed(page.read_text(encoding="utf-8"))
        strangers = [s for s in audit.scripts if not any(p.fullmatch(s) for p in known)
                     and not s.lstrip().startswith("{")]  # Material's __config JSON is data
        if audit.found or strangers:
            findings[page.relative_to(lenient).as_posix()] = audit.found + strangers
    assert findings == {}


def test_titles_meta_and_neighbour_links_show_the_text_escaped(lenient):
    post = next(p for p in _pages(lenient) if "thu-nghiem-tieu-de" in p.as_posix())
    html = post.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert "<" not in title and "svg" not in title and title.startswith("Tin mới")  # the tag is not kept
    h1_post = next(p for p in _pages(lenient) if "thu-nghiem-h1" in p.as_posix()).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", h1_post, re.S)[1]
    # what the heading says, shown as the text it is
    assert title.startswith("Tin &lt;/title&gt;&lt;script&gt;document.documentElement.dataset.xss=&#39;h1&#39;")
    for name in ("description", "og:description", "twitter:description", "og:title"):
        content = re.search(rf'<meta (?:name|property)="{name}" content="([^"]*)"', html)
        assert content, name
        assert "<" not in content[1] and ">" not in content[1], (name, content[1])
    practice = lenient / "mo-hinh-hay/cho-khong-dung-tien-mat/index.html"
    text = practice.read_text(encoding="utf-8")
    head = text.split("</head>")[0]
    # the quote does not close the attribute, the tag is not kept
    assert '<meta name="description" content="&#34;&gt;alert(&#34;xss-practice-desc&#34;)">' in head
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)[1]
    assert "<img" not in h1
    # every page linking to the post (previous/next footer of its neighbours) shows its title as text
    for page in _pages(lenient):
        assert "<svg onload" not in page.read_text(encoding="utf-8"), page


def test_search_index_and_feeds_carry_text_only(lenient):
    from test_search import fragments
    records = fragments(lenient).values()
    titles = [r["meta"]["title"] for r in records]
    # a contributed title with markup is in the index as the text a reader sees on its page …
    # (the post titled by its heading "Tin &lt;/title&gt;&lt;script&gt;…" reads "Tin </title><script>…")
    assert any(t.startswith("Tin </title><script>") for t in titles) and "Mô hình" in titles
    # … and the results put every value from the index in the page as text, never as HTML
    script = (Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/phongtrao-search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.html\(", script)
    rss = ET.parse(lenient / "rss.xml")
    for item in rss.iter("item"):
        # a reader takes <description> as HTML: after XML decoding it must still be text, not a tag
        description = item.findtext("description") or ""
        assert "<img" not in description and "<script" not in description
        assert "<svg" not in (item.findtext("title") or "")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.parse(lenient / "feed.xml").findall("a:entry", ns)
    planted = [e for e in entries if "thu-nghiem-tieu-de" in e.find("a:id", ns).text]
    assert planted and planted[0].findtext("a:title", namespaces=ns) == "Tin mới"
    assert planted[0].findtext("a:summary", namespaces=ns) == "Mô tả"  # the tag is gone, the words stay


def test_the_policy_hashes_only_the_themes_own_scripts():
    known = csp.template_scripts(_theme_dirs())
    page = ('<html><head><meta charset="utf-8"><title>x</title></head><body>'
            '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
            'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
            "<script>document.documentElement.dataset.xss=1</script></body></html>")
    assert csp.unknown_scripts(page, known) == ["document.documentElement.dataset.xss=1"]
    policy = csp.policy(page, None, known)
    assert csp.script_hash("document.documentElement.dataset.xss=1") not in policy
    assert len(re.findall(r"'sha256-", policy)) == 1
    # a scope slot cannot end the string it sits in
    assert csp.unknown_scripts(page.replace('"../.."', '"x",alert(1),"'), known)


def test_an_inline_script_no_template_writes_stops_the_build(tmp_path):
    # a page the sanitiser does not touch (guides are the site team's), with an inline script
    project = project_copy(tmp_path / "p")
    with (project.docs / "dong-gop/index.md").open("a", encoding="utf-8") as page:
        page.write("\n<script>document.documentElement.dataset.xss='guide'</script>\n")
    proc = project.build()
    assert proc.returncode != 0
    assert "Trang dong-gop/index.md có 1 đoạn mã <script> không do giao diện của trang viết ra" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def _theme_dirs() -> tuple[str, ...]:
    import material
    root = Path(__file__).resolve().parent.parent
    return (str(root / "overrides"), str(Path(material.__file__).parent / "templates"))


@pytest.mark.parametrize("rel, old, new, field", [
    ("units/ia-bang/phong-van-hoa-xa-hoi.yml", "name: Phòng Văn hóa – Xã hội\n",
     "name: \"<b>Phòng</b> Văn hóa\"\n", "name"),
    ("units/ia-bang/phong-van-hoa-xa-hoi.yml", "  office: Phòng Văn hóa – Xã hội, UBND xã Ia Băng\n",
     "  office: \"Văn phòng &lt;script&gt;\"\n", "office"),
    ("localities/ia-bang.yml", "name: Xã Ia Băng\n", "name: \"Xã <img src=x onerror=alert(1)>\"\n", "name"),
    ("indicators.yml", "  name: Người được tập huấn kỹ năng số\n",
     "  name: \"Người được tập huấn <script>alert(1)</script>\"\n", "name"),
])
def test_plain_text_fields_refuse_markup_and_keep_every_other_unit(tmp_path, rel, old, new, field):
    project = project_copy(tmp_path / "p")
    path = project.edit(f"data/{rel}", old, new)
    result = load_dataset(project.data)
    ours = [p for p in result.problems if p.file == path]
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text == new.rstrip("\n"))
    assert [p.line for p in ours] == [line], ours
    assert "chỉ ghi chữ thường" in ours[0].message
    if rel.startswith("units/"):  # only that unit is left out
        assert not any(p.file != path for p in result.problems)
        cold = load_dataset(project_copy(tmp_path / "clean").data)
        assert set(cold.dataset.units) - set(result.dataset.units) == {"ia-bang-phong-van-hoa-xa-hoi"}


def test_escaping_helpers():
    assert plain("Làng Bi </title><script>x</script>") == "Làng Bi x"
    assert html_text("A & B \"C\"") == "A &amp; B &#34;C&#34;"
    assert html_text(html_text("<b>x</b> &lt;y")) == html_text("<b>x</b> &lt;y")  # idempotent
    assert markup_like("<b>") and markup_like("&lt;") and markup_like("&#60;")
    assert not markup_like("Tỷ lệ < 50 % & tăng") and not markup_like("A & B; C")
    assert log_text("tên\n::stop-commands::x") == "tên\\x0a:\u200b:stop-commands:\u200b:x"
