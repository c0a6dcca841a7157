"""Who may change which data file: CODEOWNERS and the pull-request ownership check.

A unit's file lists its `maintainers` (GitHub handles). A pull request may change
a unit file only if its author maintains that unit *on the base branch* — the
list is read from the base, so a PR cannot add its author and pass. The site
team (.github/site-team.yml, also read from the base) may change anything;
every other file (hooks, workflows, plans, docs) belongs to the site team.

This module needs only PyYAML and git, so the gate can run the base branch's
copy of it against the PR's changes, as a script (`python -I ownership.py …`,
see .github/ownership-gate.sh): isolated mode puts neither the working folder
nor the script's folder nor PYTHON* variables on the import path, so no file of
the pull request can stand in for a module this check imports. The PR is only
read as git objects (`git diff`, `git show`), never checked out or imported.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

try:
    from .logsafe import escape_data, escape_property, printable
except ImportError:  # run as a script (the gate): this file's own folder, not the working folder
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from logsafe import escape_data, escape_property, printable

SITE_TEAM_FILE = ".github/site-team.yml"
CODEOWNERS_FILE = ".github/CODEOWNERS"
UNITS_DIR = "data/units/"
# Paths the site team owns explicitly (besides the catch-all `*`).
# "/*.yml": the files at the top of the repository (the site's config, permalinks.yml)
SITE_PATHS = ("/hooks/", "/.github/", "/*.yml", "/overrides/", "/docs/", "/data/plans/",
              "/data/localities/", "/tests/", "/Makefile", "/requirements.txt", "/requirements-test.txt")


@dataclass(frozen=True)
class SiteTeam:
    team: str                 # "@org/team" for CODEOWNERS
    members: tuple[str, ...]  # handles allowed to change anything


def _safe_yaml(text: str | None):
    """Data of a file's text, None when unreadable. Pure-Python reader on purpose: libyaml
    crashes the process on a deeply nested file (the pure reader raises RecursionError)."""
    if not text:
        return None
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def parse_site_team(text: str | None) -> SiteTeam:
    data = _safe_yaml(text) or {}
    team = str(data.get("team") or "").strip()
    members = tuple(str(m).strip().lstrip("@") for m in data.get("members") or () if str(m).strip())
    return SiteTeam(team=team, members=members)


def maintainers_of(text: str | None) -> tuple[str, ...]:
    """The maintainers listed in a unit file's text (empty when unreadable)."""
    data = _safe_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("maintainers"), list):
        return ()
    return tuple(str(m).strip().lstrip("@") for m in data["maintainers"] if isinstance(m, (str, int)) and str(m).strip())


def is_unit_file(path: str) -> bool:
    return path.startswith(UNITS_DIR) and path.endswith((".yml", ".yaml"))


# ---------------------------------------------------------------- CODEOWNERS


def codeowners(root: Path) -> str:
    """CODEOWNERS text: site team for everything, each unit file also to its maintainers."""
    root = Path(root)
    team = parse_site_team(_read(root / SITE_TEAM_FILE)).team
    lines = [
        "# Tệp này được tạo bằng `make codeowners` từ trường maintainers của các tệp đơn vị",
        f"# và nhóm quản trị trang khai báo trong {SITE_TEAM_FILE}. Không sửa tay.",
        "",
        f"* {team}",
    ]
    lines += [f"{p} {team}" for p in SITE_PATHS]
    lines.append("")
    for path in sorted((root / UNITS_DIR).glob("**/*.y*ml")):
        rel = path.relative_to(root).as_posix()
        handles = [f"@{h}" for h in maintainers_of(_read(path))]
        lines.append(" ".join([f"/{rel}", *handles, team]))
    return "\n".join(lines) + "\n"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# ---------------------------------------------------------------- PR ownership


SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class Change:
    status: str               # A, M, D, R (git diff --raw)
    path: str
    old_path: str | None = None
    mode: str = "100644"      # the file's git mode in the PR (120000: a symbolic link)


def git_changes(base: str, head: str = "HEAD", cwd: Path | None = None) -> list[Change]:
    """Files changed by the PR: what `head` changes relative to its merge base with `base`."""
    out = subprocess.run(["git", "diff", "--raw", "--no-abbrev", "-M", "-z", f"{base}...{head}"], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout
    parts = out.split("\0")
    changes, i = [], 0
    while i < len(parts) and parts[i].startswith(":"):
        _old_mode, new_mode, _old, _new, status = parts[i][1:].split(" ")
        status = status[0]
        if status in "RC":
            changes.append(Change(status, parts[i + 2], parts[i + 1], new_mode))
            i += 3
        else:
            changes.append(Change(status, parts[i + 1], None, new_mode))
            i += 2
    return changes


def git_show(ref: str, path: str, cwd: Path | None = None) -> str | None:
    """A file's text at a ref, or None when it does not exist there."""
    proc = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=cwd, capture_output=True, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", errors="replace")


def check_changes(changes: list[Change], author: str, base_text, head_text) -> list[str]:
    """Vietnamese reasons the author may not make these changes (empty when allowed).

    base_text(path) / head_text(path) return a file's text on the base branch / in the PR.
    """
    author = author.strip().lstrip("@")
    team = parse_site_team(base_text(SITE_TEAM_FILE))
    # a symbolic link would publish (or put in the open-data zip) whatever it points at: nobody adds one
    problems = [f"{c.path}: tệp này là một liên kết tượng trưng (symlink). Trang không nhận liên kết, chỉ nhận "
                "tệp thật: hãy xoá liên kết và thêm nội dung vào một tệp thường."
                for c in changes if c.mode == SYMLINK_MODE and c.status != "D"]
    if author.lower() in {m.lower() for m in team.members}:
        return problems
    for change in changes:
        paths = [change.path] + ([change.old_path] if change.old_path else [])
        for path in paths:
            if not is_unit_file(path):
                problems.append(f"{path}: chỉ nhóm quản trị trang ({team.team or SITE_TEAM_FILE}) được sửa tệp này. "
                                "Hãy bỏ thay đổi ở tệp này khỏi yêu cầu, hoặc nhờ nhóm quản trị thực hiện.")
                continue
            before = base_text(path)
            if before is not None:
                owners = maintainers_of(before)
                where = "trên nhánh gốc"
            else:  # a new unit file: its author must maintain it, and the site team reviews it (CODEOWNERS)
                owners = maintainers_of(head_text(path))
                where = "trong tệp mới"
            if author.lower() not in {o.lower() for o in owners}:
                listed = ", ".join(owners) or "(chưa có ai)"
                problems.append(f"{path}: tài khoản {author} không có trong danh sách người cập nhật (maintainers) "
                                f"của đơn vị {where}: {listed}. Chỉ người cập nhật của đơn vị được sửa tệp này; "
                                "nếu bạn mới phụ trách đơn vị, hãy nhờ người cũ hoặc nhóm quản trị thêm tên bạn trước.")
    return problems


# ---------------------------------------------------------------- the gate, run as a script


def main(argv: list[str] | None = None) -> int:
    """`ownership.py --repo PR_REPO --base REF --head REF --author HANDLE`: exit 0 when allowed, 1 when not."""
    import argparse
    import os
    parser = argparse.ArgumentParser(prog="ownership.py", description="Quyền sửa tệp của một yêu cầu hợp nhất.")
    parser.add_argument("--repo", default="."), parser.add_argument("--base", required=True)
    parser.add_argument("--head", default="HEAD"), parser.add_argument("--author", required=True)
    args = parser.parse_args(argv)
    repo = Path(args.repo)
    try:
        changes = git_changes(args.base, args.head, cwd=repo)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"Không đọc được các thay đổi của yêu cầu hợp nhất ({printable(err)}).")
        return 2
    problems = check_changes(changes, args.author, lambda p: git_show(args.base, p, cwd=repo),
                             lambda p: git_show(args.head, p, cwd=repo))
    for line in problems:
        print(printable(line))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            file, _, message = line.partition(": ")
            print(f"::error file={escape_property(file)}::{escape_data(message)}")
    if problems:
        print(f"\n{len(problems)} tệp nằm ngoài quyền của tài khoản {printable(args.author)}.")
        return 1
    print(f"Tài khoản {printable(args.author)} được sửa cả {len(changes)} tệp thay đổi.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
