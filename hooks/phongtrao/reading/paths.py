"""Files from outside the repository never reach the site, and nothing is written outside it.

A symlink in data/ or docs/ would publish whatever it points at (`docs/passwd.txt
→ /etc/passwd`, a data file → any file of the build machine) and a symlinked
folder can loop; a data file named `X.YML` would be silently skipped; a folder
named `x.yml` is not a file. Each is reported with a Vietnamese message and
left out, and every other file is read as usual. A path the build writes from
data (a redirect's old address) must stay inside the site folder.
"""
from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem

DATA_SUFFIXES = (".yml", ".yaml")

SYMLINK = ("là một liên kết tượng trưng (symlink) tới {target}. Trang không đọc liên kết, chỉ đọc tệp thật "
           "trong kho: hãy xoá liên kết và đặt nội dung vào một tệp thường.")


def _target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "(không rõ)"


def symlink_problem(path: Path) -> Problem:
    return Problem(Path(path), None, None, "Tệp này " + SYMLINK.format(target=_target(path)))


def data_files(folder: Path, recursive: bool = True) -> tuple[list[Path], list[Problem]]:
    """The regular `*.yml` / `*.yaml` files under `folder` (sorted by parts), and problems for what is left out."""
    folder = Path(folder)
    found: list[Path] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        for name in sorted(dirs):
            path = base / name
            if path.is_symlink():
                problems.append(Problem(path, None, None, "Thư mục này " + SYMLINK.format(target=_target(path))))
            elif name.lower().endswith(DATA_SUFFIXES):
                problems.append(Problem(path, None, None,
                    f"“{name}” là một thư mục, không phải tệp dữ liệu. Hãy đổi tên thư mục (bỏ đuôi .yml) "
                    "hoặc chuyển các tệp bên trong ra ngoài."))
        dirs[:] = [d for d in sorted(dirs) if recursive and not (base / d).is_symlink()
                   and not d.lower().endswith(DATA_SUFFIXES)]
        for name in sorted(names):
            path = base / name
            if not name.lower().endswith(DATA_SUFFIXES):
                continue
            if path.is_symlink():
                problems.append(symlink_problem(path))
            elif not name.endswith(DATA_SUFFIXES):
                stem = name[: name.rfind(".")]
                problems.append(Problem(path, None, None,
                    f"Đuôi tệp “{name[len(stem):]}” phải viết chữ thường: hãy đổi tên tệp thành {stem}.yml, "
                    "nếu không tệp sẽ không được đọc."))
            else:
                found.append(path)
    found.sort(key=lambda p: p.parts)
    return found, problems


def symlinks_under(folder: Path) -> list[Path]:
    """Every symlink (file or folder) below `folder`, without following any."""
    out = []
    for here, dirs, names in os.walk(folder, followlinks=False):
        for name in dirs + names:
            if (Path(here) / name).is_symlink():
                out.append(Path(here) / name)
    return sorted(out)


def inside(base: Path, rel: str) -> Path | None:
    """`base / rel` when it stays inside `base` (no `..`, no absolute path, no symlink out), else None."""
    base = Path(base).resolve()
    target = (base / rel).resolve()
    return target if target == base or target.is_relative_to(base) else None
