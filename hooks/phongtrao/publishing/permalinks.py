"""Permalinks that never break: explicit folded slugs, redirects for renamed pages, a registry of published URLs.

- Every news post must carry an explicit `slug:` (folded Vietnamese, unique);
  practices and exemplars are checked in `practices.py`.
- `permalinks.yml` maps old paths to new ones; each old path gets a small static
  HTML page (no script) that sends readers and search engines to the new one.
- `tests/published-urls.txt` lists every URL the site has published; a test
  fails when one of them is neither a page nor a redirect.
  Regenerate it after adding pages:  `make published-urls`
  (= python -m phongtrao.publishing.permalinks SITE_DIR --write tests/published-urls.txt).
"""
from __future__ import annotations

import argparse
import html
import logging
import posixpath
import re
import sys
from pathlib import Path

from ..urls import relative_url

from ..reading import frontmatter
from ..text import slugify
from ..reading.paths import inside
from ..untrusted import log_text, markup_like, plain_text_message
from ..reading.yamlio import load_file

log = logging.getLogger("phongtrao")

REDIRECTS_FILE = "permalinks.yml"
POSTS_DIR = "tin-tuc/posts/"
# Pages that are listings, not things anyone links to: pagination moves as posts are added.
_UNSTABLE = re.compile(r"(^|/)page/\d+/$")


def post_files(docs_dir: Path) -> list[tuple[str, Path]]:
    """(docs-relative path, file) of every news post, in path order."""
    folder = Path(docs_dir) / POSTS_DIR
    return [(p.relative_to(docs_dir).as_posix(), p) for p in sorted(folder.rglob("*.md"))] if folder.is_dir() else []


def check_post_slugs(docs_dir: Path, root: Path) -> list[str]:
    """Problems with news posts' slugs (missing, not folded, duplicated) and markup in their
    title, description or categories, as printable lines."""
    out: list[str] = []
    seen: dict[str, str] = {}
    for src_uri, path in post_files(docs_dir):
        doc, _ = frontmatter.read(path.read_text(encoding="utf-8-sig"), path)
        data = doc.data if isinstance(doc.data, dict) else {}
        out.extend(p.format(root) for p in frontmatter.markup_problems(doc, ("title", "description", "categories")))
        slug = data.get("slug")
        where = doc.problem(("slug",), "").location(root)
        if not isinstance(slug, str) or not slug:
            out.append(f"{where}: Bài viết cần trường `slug:` (địa chỉ cố định, chữ không dấu), "
                       f"ví dụ `slug: {slugify(str(data.get('title') or path.stem))}`.")
        elif slug != slugify(slug):
            out.append(f"{where}: Slug “{slug}” chưa ở dạng không dấu; hãy ghi “{slugify(slug)}”.")
        elif slug in seen:
            out.append(f"{where}: Slug “{slug}” đã dùng cho bài {seen[slug]}. Hãy chọn slug khác.")
        else:
            seen[slug] = src_uri
    return out


def check_authors(authors_file: Path, root: Path) -> list[str]:
    """Markup in the blog's authors file (Material prints author names and descriptions unescaped)."""
    if not authors_file.is_file():
        return []
    doc = load_file(authors_file)
    table = (doc.data or {}).get("authors") if isinstance(doc.data, dict) else None
    out = [p.format(root) for p in doc.problems]
    for handle, facts in (table or {}).items():
        for key in ("name", "description"):
            if isinstance(facts, dict) and markup_like(facts.get(key)):
                out.append(doc.problem(("authors", handle, key), plain_text_message(f"“{key}”")).format(root))
    return out


def check_posts(docs_dir: Path, root: Path) -> list[str]:
    """Every problem of the news posts' front matter and of the blog's authors file (resolve phase)."""
    authors = Path(docs_dir) / POSTS_DIR.split("/")[0] / ".authors.yml"
    return check_post_slugs(docs_dir, root) + check_authors(authors, root)


# ---------------------------------------------------------------- redirects


def _norm(path: str) -> str:
    """Site path in one form: no leading slash, directory URLs end with a slash."""
    path = str(path).strip().lstrip("/")
    if path and not path.endswith("/") and not path.endswith(".html") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path


def load_redirects(root: Path) -> tuple[dict[str, str], list[str]]:
    """{old path: new path} from permalinks.yml, and problems (printable) with the file."""
    path = root / REDIRECTS_FILE
    if not path.exists():
        return {}, []
    doc = load_file(path)
    problems = [p.format(root) for p in doc.problems]
    data = doc.data if isinstance(doc.data, dict) else {}
    table = data.get("redirects") or {}
    if not isinstance(table, dict):
        problems.append(doc.problem(("redirects",), "`redirects` phải là các dòng `đường-dẫn-cũ/: đường-dẫn-mới/`.").format(root))
        return {}, problems
    out = {}
    for old, new in table.items():
        if not isinstance(new, str) or not new.strip():
            problems.append(doc.problem(("redirects", old), f"Đường dẫn mới cho “{old}” đang trống.").format(root))
            continue
        out[_norm(old)] = _norm(new)
    return out, problems


def redirect_page(old: str, new: str, site_url: str) -> str:
    """A static page sending readers of `old` to `new`; no script, so it works under any CSP."""
    target = relative_url(new, old) if not new.startswith(("http://", "https://")) else new
    canonical = site_url + new if site_url else target
    t, c = html.escape(target, quote=True), html.escape(canonical, quote=True)
    return (
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Trang đã chuyển địa chỉ</title>\n"
        f"<link rel=\"canonical\" href=\"{c}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>Trang này đã chuyển sang địa chỉ mới: <a href=\"{t}\">{c}</a>.</p>\n</body>\n</html>\n"
    )


_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def with_site_policy(page: str, site_dir: Path, site_url: str) -> str:
    """The home page's Content-Security-Policy meta on a redirect page.

    A redirect page has no script of its own, but browsers arriving from it with
    instant navigation keep its policy, so it allows what the site's pages allow.
    """
    home = site_dir / "index.html"
    match = _CSP_META.search(home.read_text(encoding="utf-8")) if home.exists() else None
    if match:
        return page.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + match[0], 1)
    from .csp import add_policy, site_origin
    return add_policy(page, site_origin(site_url), known=())  # a redirect page has no script


def built_path(site_dir: Path, url: str) -> Path | None:
    """The file a site URL is served from; None when the URL would lead outside the site folder."""
    return inside(site_dir, url + "index.html" if url.endswith("/") or url == "" else url)


def write_redirects(state) -> None:
    site_dir = state.site.site_dir
    table, problems = load_redirects(state.site.root)
    for problem in problems:
        log.warning("Tệp chuyển hướng chưa hợp lệ: %s", problem)
    site_url = state.site.site_url
    site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    for old, new in sorted(table.items()):
        out = built_path(site_dir, old)
        if out is None:
            log.warning("%s: “%s” không phải một địa chỉ trong trang web (có “..” hoặc bắt đầu bằng “/”); "
                        "không tạo chuyển hướng. Hãy ghi đường dẫn của trang cũ, ví dụ tin/: tin-tuc/.",
                        REDIRECTS_FILE, log_text(old))
            continue
        if out.exists():
            log.warning("%s: “%s” vẫn là một trang của trang web; không thể đặt chuyển hướng đè lên. "
                        "Hãy xoá dòng này trong %s.", REDIRECTS_FILE, old, REDIRECTS_FILE)
            continue
        target = None if new.startswith(("http://", "https://")) else built_path(site_dir, new.split("#")[0])
        if not new.startswith(("http://", "https://")) and (target is None or not target.exists()):
            log.warning("%s: chuyển hướng “%s” → “%s” trỏ tới trang không tồn tại.", REDIRECTS_FILE, old, new)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(with_site_policy(redirect_page(old, new, site_url), site_dir, site_url), encoding="utf-8")


# ---------------------------------------------------------------- published URLs


def published_urls(site_dir: Path) -> list[str]:
    """Every page URL of a built site (pages and redirects), site-relative, sorted."""
    urls = set()
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "404.html":
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if not _UNSTABLE.search(url):
            urls.add(url)
    for name in ("feed.xml", "rss.xml"):
        if (site_dir / name).exists():
            urls.add(name)
    return sorted(urls)


def read_registry(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def missing_urls(site_dir: Path, registered: list[str]) -> list[str]:
    def served(url: str) -> bool:
        path = built_path(site_dir, url)
        return path is not None and path.exists()
    return [url for url in registered if not served(url)]


HEADER = ("# Mọi địa chỉ trang web đã công bố. Không xoá dòng nào: khi đổi tên một trang,\n"
          "# thêm chuyển hướng trong permalinks.yml. Tạo lại bằng: make published-urls\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sổ địa chỉ đã công bố của trang web.")
    parser.add_argument("site_dir", type=Path, help="thư mục trang đã build")
    parser.add_argument("--write", type=Path, help="ghi (gộp) danh sách vào tệp này")
    args = parser.parse_args(argv)
    urls = published_urls(args.site_dir)
    if args.write:
        # merge: a URL once published stays in the registry
        old = read_registry(args.write) if args.write.exists() else []
        missing = missing_urls(args.site_dir, old)
        if missing:
            print("Các địa chỉ đã công bố không còn trong trang (hãy thêm chuyển hướng vào permalinks.yml):",
                  *missing, sep="\n  ", file=sys.stderr)
            return 1
        args.write.write_text(HEADER + "".join(u + "\n" for u in sorted(set(urls) | set(old))), encoding="utf-8")
        print(f"{len(set(urls) | set(old))} địa chỉ → {args.write}")
    else:
        print("\n".join(urls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
