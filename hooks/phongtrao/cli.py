"""Command line for contributors and CI: `python -m phongtrao.cli COMMAND`.

    check [FILES…]                 validate all data (or only these files' problems)
    new-unit [--locality … --kind … --name …]   create a correctly placed unit file
    codeowners [--write | --check] generate .github/CODEOWNERS from units' maintainers
    ownership --base REF --author HANDLE        may this PR author change these files?

Every message is Vietnamese and names file:line:column; no command ever shows a
Python traceback to the official who ran it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import traceback
from pathlib import Path

from .reading import model
from . import ownership
from .logsafe import escape_data, escape_property
from .reading.problems import Problem
from .text import slugify

ROOT = Path.cwd()


def data_dir(arg: str | None = None) -> Path:
    return Path(arg or os.environ.get("PHONGTRAO_DATA") or ROOT / "data").resolve()


def _rel(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- check


def _unexpected(file: Path, err: BaseException) -> Problem:
    return Problem(Path(file), None, None,
                   "Lỗi không mong đợi khi kiểm tra tệp này. Hãy so tệp với tệp mẫu trong hướng dẫn; nếu vẫn lỗi, "
                   f"báo cho nhóm quản trị trang. (Chi tiết kỹ thuật: {type(err).__name__}: {err})")


def _each_file_alone(folder: Path) -> list[Problem]:
    """Fallback when the whole-dataset check crashed: check every file on its own, so all are reported."""
    from .reading.validate import check_document
    from .reading.yamlio import load_file
    problems = []
    from .reading.paths import data_files
    kinds = [(folder / "site.yml", "site"), (folder / "indicators.yml", "indicators")]
    for sub, kind, recursive in (("plans", "plan", False), ("localities", "locality", False), ("units", "unit", True)):
        paths, left_out = data_files(folder / sub, recursive)
        problems.extend(left_out)
        kinds += [(p, kind) for p in paths]
    for path, kind in kinds:
        if not path.exists():
            continue
        try:
            doc = load_file(path)
            problems.extend(doc.problems or check_document(doc, kind))
        except Exception as err:  # noqa: BLE001 - reported as a message naming the file
            problems.append(_unexpected(path, err))
    return problems


def collect_problems(folder: Path, files: list[str] | None = None) -> tuple[list[Problem], int]:
    """All problems (optionally only those of `files`) and the number of units that are valid."""
    from .reading.load import load_dataset
    wanted = [Path(f) for f in files] if files else None
    missing = [Problem(f, None, None, "Không tìm thấy tệp này. Hãy kiểm tra đường dẫn (ví dụ data/units/ia-bang/ten-don-vi.yml).")
               for f in (wanted or []) if not f.exists()]
    try:
        result = load_dataset(folder, only=wanted)
        problems, units = result.problems, len(result.dataset.units)
    except Exception as err:  # noqa: BLE001
        problems = _each_file_alone(folder)
        if not problems:
            problems = [_unexpected(folder, err)]
        if os.environ.get("PHONGTRAO_DEBUG"):
            traceback.print_exc()
        if wanted is not None:
            keep = {f.resolve() for f in wanted}
            problems = [p for p in problems if Path(p.file).resolve() in keep]
        units = 0
    return missing + sorted(problems, key=lambda p: (_rel(p.file), p.line or 0, p.column or 0)), units


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command: the problem appears on the line in the PR's diff."""
    props = [f"file={escape_property(_rel(problem.file))}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        if problem.column is not None:
            props.append(f"col={problem.column}")
    return f"::error {','.join(props)}::{escape_data(problem.message)}"


def summary_table(problems: list[Problem]) -> str:
    def cell(text) -> str:
        return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    if not problems:
        return "### Kiểm tra dữ liệu\n\nDữ liệu hợp lệ: không có lỗi.\n"
    rows = ["### Kiểm tra dữ liệu", "", f"Có **{len(problems)}** lỗi cần sửa.", "",
            "| Tệp | Dòng | Cột | Cần sửa |", "|---|---:|---:|---|"]
    for p in problems:
        rows.append(f"| `{cell(_rel(p.file))}` | {p.line or ''} | {p.column or ''} | {cell(p.message)} |")
    return "\n".join(rows) + "\n"


def cmd_check(args) -> int:
    folder = data_dir(args.data)
    problems, units = collect_problems(folder, args.files or None)
    for p in problems:
        print(p.format(ROOT))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            print(annotation(p))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(summary_table(problems))
    if problems:
        files = len({_rel(p.file) for p in problems})
        print(f"\nTìm thấy {len(problems)} lỗi trong {files} tệp. Hãy sửa theo hướng dẫn ở từng dòng trên "
              "(xem thêm trang “Góp dữ liệu” của trang web).")
        if os.environ.get("MAKELEVEL"):
            # make then adds its own English line; say so, so nobody hunts for a second problem
            print("(Dòng “make: *** … Error 1” ngay sau đây chỉ nhắc lại là có lỗi; không cần sửa gì thêm.)")
        return 1
    scope = f"{len(args.files)} tệp" if args.files else f"toàn bộ dữ liệu ({units} đơn vị)"
    print(f"Dữ liệu hợp lệ: đã kiểm tra {scope}, không có lỗi.")
    return 0


# ---------------------------------------------------------------- new-unit


def _ask(prompt: str, choices: dict[str, str] | None = None, default: str | None = None) -> str:
    if choices:
        print(prompt)
        keys = list(choices)
        for i, key in enumerate(keys, 1):
            print(f"  {i}. {key} — {choices[key]}")
    while True:
        suffix = f" [{default}]" if default else ""
        answer = input(f"{prompt if not choices else 'Chọn số hoặc mã'}{suffix}: ").strip() or (default or "")
        if choices:
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return list(choices)[int(answer) - 1]
            if answer in choices:
                return answer
            print("  Chưa đúng: hãy gõ một số trong danh sách.")
            continue
        if answer:
            return answer
        print("  Mục này không được để trống.")


def unit_text(*, unit_id: str, name: str, kind: str, locality, cluster: str | None,
              maintainers: list[str], office: str | None, email: str | None, schema_url: str,
              joined: dt.date | None = None) -> str:
    """The YAML of a new unit file: valid as it stands, with commented examples to fill in."""
    from .reading.yamlio import load_text  # noqa: F401 - the caller re-reads the text to prove it parses

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"# yaml-language-server: $schema={schema_url}",
        f"# Dữ liệu thi đua của {name} ({locality.name}). Hướng dẫn điền: trang “Góp dữ liệu” của trang web.",
        f"id: {unit_id}",
        f"name: {q(name)}",
        f"kind: {kind}",
        f"locality: {locality.id}",
    ]
    if cluster:
        lines.append(f"cluster: {cluster}")
    lines += [f"plan: {locality.plan}"]
    if joined is not None:
        lines += ["# Đơn vị tham gia từ ngày này: các hạn trước đó không tính là quá hạn.", f"joined: {joined.isoformat()}"]
    lines += ["maintainers:"] + [f"  - {m}" for m in maintainers]
    if office or email:
        lines.append("contact:")
        if office:
            lines.append(f"  office: {q(office)}")
        if email:
            lines.append(f"  email: {email}")
    lines += [
        "# Khi đơn vị ban hành kế hoạch triển khai, bỏ dấu # ở đầu 4 dòng dưới và điền:",
        "# sub_plan:",
        "#   number: 01/KH-…",
        "#   issued: 2025-10-20",
        "#   link: https://…",
        "# Mỗi mục tiến độ: criterion (mã tiêu chí) hoặc content_area (mã nội dung), status, percent, date, evidence, note.",
        "progress: []",
        "# Mỗi báo cáo: period (mã kỳ), submitted (ngày nộp), summary, link.",
        "reports: []",
        "# Mỗi kỳ: period, values (mã chỉ số: con số).",
        "indicators: []",
        "awards: []",
    ]
    return "\n".join(lines) + "\n"


def _joined(text: str | None) -> dt.date:
    """The day a new unit joins: --joined NĂM-THÁNG-NGÀY, or the day its file is created (an
    authoring date written into the data once, so builds never read the clock)."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"Ngày tham gia “{text}” chưa đúng dạng. Hãy ghi NĂM-THÁNG-NGÀY, ví dụ 2026-12-01.")


def cmd_new_unit(args) -> int:
    from .reading.load import load_dataset
    from .reading.validate import expected_unit_path, schema
    from .reading.yamlio import load_text
    from .reading.validate import check_document

    folder = data_dir(args.data)
    dataset = load_dataset(folder).dataset
    interactive = sys.stdin.isatty() and not args.yes
    localities = {k: v.name for k, v in sorted(dataset.localities.items())}
    kinds = {k: v[0] for k, v in model.UNIT_KINDS.items()}

    def need(value, prompt, choices=None, default=None):
        if value:
            return value
        if interactive:
            return _ask(prompt, choices, default)
        raise SystemExit(f"Thiếu {prompt}. Dùng: python -m phongtrao.cli new-unit --locality MÃ --kind LOẠI "
                         "--name \"Tên đơn vị\" --maintainer TÀI_KHOẢN_GITHUB")

    try:
        loc_id = need(args.locality, "Địa bàn (xã, phường)", localities)
        if loc_id not in dataset.localities:
            raise SystemExit(f"Không có địa bàn “{loc_id}”. Các mã có thể dùng: {', '.join(localities)}.")
        locality = dataset.localities[loc_id]
        kind = need(args.kind, "Loại đơn vị", kinds)
        if kind not in kinds:
            raise SystemExit(f"Không có loại đơn vị “{kind}”. Các loại: {', '.join(kinds)}.")
        name = need(args.name, "Tên đơn vị (ví dụ: Làng Ia Băng)")
        clusters = {c.id: c.name for c in locality.clusters}
        cluster = args.cluster or (need(None, "Cụm, khối thi đua", clusters) if interactive and clusters else None)
        if cluster and cluster not in clusters:
            raise SystemExit(f"Không có cụm, khối “{cluster}” ở {locality.name}. Các mã: {', '.join(clusters)}.")
        maintainers = args.maintainer or [need(None, "Tài khoản GitHub của người cập nhật (không có @)")]
        maintainers = [m.strip().lstrip("@") for m in maintainers]
    except (EOFError, KeyboardInterrupt):
        print("\nĐã huỷ, chưa tạo tệp nào.")
        return 1

    unit_id = args.id or f"{loc_id}-{slugify(name)}"
    if not unit_id.startswith(f"{loc_id}-"):
        unit_id = f"{loc_id}-{unit_id}"
    path = expected_unit_path(folder, unit_id, loc_id)
    if path.exists() and not args.force:
        print(f"{_rel(path)}: tệp đã có. Hãy sửa tệp đó, hoặc chọn tên/mã khác (--id).")
        return 1
    text = unit_text(unit_id=unit_id, name=name, kind=kind, locality=locality, cluster=cluster,
                     maintainers=maintainers, office=args.office, email=args.email, schema_url=schema("unit")["$id"],
                     joined=_joined(args.joined))
    doc = load_text(text, path)
    problems = doc.problems or check_document(doc, "unit")
    if problems:
        for p in problems:
            print(p.format(ROOT))
        print("Chưa tạo tệp: thông tin nhập vào chưa hợp lệ (xem các dòng trên).")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Đã tạo {_rel(path)} (mã đơn vị {unit_id}). Kiểm tra: make check FILES={_rel(path)}")
    return 0


# ---------------------------------------------------------------- generate


def _site_config() -> Path | None:
    """The site's config file in the repository's root (whichever generator's name it bears)."""
    return next(iter(sorted(ROOT.glob("*docs.yml"))), None)


def cmd_generate(args) -> int:
    """Every generated page and data file, written under OUT without any site generator."""
    from . import standalone
    from .reading.problems import BuildAbort
    config = Path(args.config) if args.config else _site_config()
    if config is None or not config.is_file():
        print("Không tìm thấy tệp cấu hình của trang. Hãy chạy lệnh ở thư mục gốc của kho, hoặc ghi --config.")
        return 1
    try:
        state = standalone.state(config)
    except (BuildAbort, ValueError) as err:
        print(err)
        return 1
    count = standalone.write(Path(args.out), state)
    problems = state.result.problems + [p for practice in state.dataset.practices for p in practice.problems]
    for problem in problems:
        print(problem.format(ROOT))
    print(f"Đã ghi {count} tệp vào {args.out}" + (f" ({len(problems)} lỗi dữ liệu ở trên: các tệp đó bị bỏ qua)."
                                                   if problems else "."))
    return 1 if problems else 0


# ---------------------------------------------------------------- the whole country (deploy.yml)


def cmd_provinces(args) -> int:
    """The CI matrix: one JSON object per province (slug, name, communes, the key of its inputs)."""
    from . import country
    print(json.dumps({"include": country.matrix(ROOT, data_dir(args.data))}, ensure_ascii=False))
    return 0


def cmd_seal_site(args) -> int:
    from . import country
    if args.check:
        ok = country.site_is_sealed(Path(args.site))
        print("Trang đã dựng còn nguyên niêm phong." if ok else "Trang đã dựng không còn nguyên niêm phong: dựng lại.")
        return 0 if ok else 1
    country.seal_site(Path(args.site))
    return 0


def cmd_national_index(args) -> int:
    """index.html at the root of the country's site, from each province site's open data."""
    from . import country
    from .pipeline import read_site_config
    found = {p.slug: p for p in country.provinces(data_dir(args.data))}
    summaries = []
    for item in args.site:
        slug, _, folder = item.partition("=")
        if slug not in found or not Path(folder, "du-lieu").is_dir():
            print(f"Không có trang của tỉnh “{slug}” ở {folder} (cần --site tỉnh=thư-mục-trang-đã-dựng).")
            return 1
        summaries.append(country.summary(found[slug], Path(folder)))
    config = read_site_config(Path(args.config) if args.config else next(iter(sorted(ROOT.glob("*docs.yml")))))
    out = Path(args.out)
    site_url = args.site_url if args.site_url is not None else config.site_url
    country.write_national_index(out, summaries, site_url, config.site_name)
    print(f"Đã ghi {out / 'index.html'} ({len(summaries)} tỉnh, thành phố).")
    return 0


# ---------------------------------------------------------------- codeowners, ownership


def cmd_codeowners(args) -> int:
    text = ownership.codeowners(ROOT)
    target = ROOT / ownership.CODEOWNERS_FILE
    if args.write:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"Đã ghi {ownership.CODEOWNERS_FILE}.")
        return 0
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{ownership.CODEOWNERS_FILE}: chưa khớp với maintainers của các tệp đơn vị. Hãy chạy `make codeowners` và commit tệp.")
            return 1
        print(f"{ownership.CODEOWNERS_FILE} khớp với dữ liệu.")
        return 0
    sys.stdout.write(text)
    return 0


def cmd_ownership(args) -> int:
    """The same gate as .github/ownership-gate.sh, on the repository in the working folder."""
    return ownership.main(["--repo", str(ROOT), "--base", args.base, "--head", args.head, "--author", args.author])


def cmd_review(args) -> int:
    """What a pull request changes (units, figures, pages), as the job summary; never runs the PR's code."""
    import subprocess
    from . import review
    config = Path(args.config) if args.config else _site_config()
    if config is None or not config.is_file():
        print("Không tìm thấy tệp cấu hình của trang. Hãy chạy lệnh ở thư mục gốc của kho, hoặc ghi --config.")
        return 1
    try:
        result = review.compare(Path(args.repo or ROOT), args.base, args.head, config)
    except subprocess.CalledProcessError as err:
        print(f"Không đọc được hai phiên bản {args.base} và {args.head} từ git "
              f"({err.stderr.decode('utf-8', 'replace').strip()[:200]}).")
        return 1
    text = review.markdown(result)
    sys.stdout.write(text)
    summary = args.summary or os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


# ---------------------------------------------------------------- main


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m phongtrao.cli", description="Kiểm tra và tạo dữ liệu Phong trào thi đua.")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="kiểm tra dữ liệu")
    c.add_argument("files", nargs="*", help="chỉ báo lỗi của các tệp này")
    c.add_argument("--data", help="thư mục dữ liệu (mặc định data/)")
    c.set_defaults(func=cmd_check)
    n = sub.add_parser("new-unit", help="tạo tệp dữ liệu cho một đơn vị mới")
    n.add_argument("--locality"), n.add_argument("--kind"), n.add_argument("--name"), n.add_argument("--id")
    n.add_argument("--cluster"), n.add_argument("--office"), n.add_argument("--email")
    n.add_argument("--maintainer", action="append", help="tài khoản GitHub (có thể lặp lại)")
    n.add_argument("--data"), n.add_argument("--force", action="store_true")
    n.add_argument("--joined", help="ngày tham gia NĂM-THÁNG-NGÀY (mặc định: hôm nay)")
    n.add_argument("--yes", action="store_true", help="không hỏi, chỉ dùng các tham số")
    n.set_defaults(func=cmd_new_unit)
    gen = sub.add_parser("generate", help="ghi các trang và tệp dữ liệu được tạo ra, không cần MkDocs")
    gen.add_argument("out", help="thư mục ghi ra")
    gen.add_argument("--config", help="tệp cấu hình của trang (mặc định: tệp *docs.yml ở thư mục hiện tại)")
    gen.set_defaults(func=cmd_generate)
    pv = sub.add_parser("provinces", help="danh sách tỉnh cho ma trận dựng trang (JSON)")
    pv.add_argument("--data")
    pv.set_defaults(func=cmd_provinces)
    ss = sub.add_parser("seal-site", help="niêm phong (hoặc --check: kiểm tra) một trang đã dựng")
    ss.add_argument("site"), ss.add_argument("--check", action="store_true")
    ss.set_defaults(func=cmd_seal_site)
    ni = sub.add_parser("national-index", help="trang chỉ mục cả nước từ dữ liệu mở của các trang tỉnh")
    ni.add_argument("out"), ni.add_argument("--site", action="append", default=[], help="tỉnh=thư-mục (lặp lại)")
    ni.add_argument("--site-url"), ni.add_argument("--config"), ni.add_argument("--data")
    ni.set_defaults(func=cmd_national_index)
    o = sub.add_parser("codeowners", help="tạo .github/CODEOWNERS")
    g = o.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true"), g.add_argument("--check", action="store_true")
    o.set_defaults(func=cmd_codeowners)
    w = sub.add_parser("ownership", help="kiểm tra quyền sửa tệp trong một yêu cầu hợp nhất")
    w.add_argument("--base", required=True), w.add_argument("--head", default="HEAD")
    w.add_argument("--author", required=True)
    w.set_defaults(func=cmd_ownership)
    r = sub.add_parser("review", help="yêu cầu hợp nhất thay đổi gì: đơn vị, số liệu, trang (không chạy mã của yêu cầu)")
    r.add_argument("--base", required=True), r.add_argument("--head", default="HEAD")
    r.add_argument("--repo", help="kho git (mặc định: thư mục hiện tại)")
    r.add_argument("--config", help="tệp cấu hình của nhánh gốc (mặc định: tệp *docs.yml ở thư mục gốc)")
    r.add_argument("--summary", help="ghi thêm vào tệp này (mặc định $GITHUB_STEP_SUMMARY)")
    r.set_defaults(func=cmd_review)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SystemExit as exit_:
        if isinstance(exit_.code, str):
            print(exit_.code)
            return 2
        raise
    except KeyboardInterrupt:
        print("\nĐã dừng.")
        return 130
    except Exception as err:  # noqa: BLE001 - officials see a sentence, not a traceback
        if os.environ.get("PHONGTRAO_DEBUG"):
            traceback.print_exc()
        print(f"Lỗi không mong đợi: {type(err).__name__}: {err}. Hãy báo cho nhóm quản trị trang "
              "(đặt PHONGTRAO_DEBUG=1 để xem chi tiết kỹ thuật).")
        return 2


if __name__ == "__main__":
    sys.exit(main())
