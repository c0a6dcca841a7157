"""What changed, from the git history of the data (issue 16): a temporary repository with known commits."""
from __future__ import annotations

import os
import re
import subprocess

import feedparser

from fixtures.tinh_toan import table_rows
from hardening import project_copy

UNIT = "data/units/ia-bang/phong-kinh-te.yml"


def _commit(root, message, when):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, env=env, check=True, capture_output=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


def test_history_pages_and_feed_list_each_change_with_its_date_and_commit(tmp_path):
    project = project_copy(tmp_path / "p")
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    _commit(project.root, "du lieu ban dau", "2026-01-10T09:00:00+07:00")
    path = project.root / UNIT
    text = path.read_text(encoding="utf-8")
    status = re.search(r"  - criterion: (\S+)\n    status: (\S+)\n(?:    (?!date).*\n)*    date: (\S+)", text)
    assert status and status[2] != "hoan-thanh", text
    done = re.sub(r"percent: \d+", "percent: 100", status[0].replace(f"status: {status[2]}", "status: hoan-thanh"))
    path.write_text(text.replace(status[0], done, 1), encoding="utf-8")
    sha = _commit(project.root, "cap nhat tieu chi", "2026-02-15T09:00:00+07:00")
    proc = project.generate()
    assert "Traceback" not in proc.stdout + proc.stderr
    page = (project.root / "generated" / "cap-nhat" / "ia-bang.md").read_text(encoding="utf-8")
    rows = table_rows(page, "bang-cap-nhat")[1:]
    newest = rows[0]
    assert newest[1] == "15/02/2026" and newest[0] == "Phòng Kinh tế"   # the unit first: a card's heading on a phone
    assert f"tiêu chí {status[1]}" in newest[2] and "→ Hoàn thành" in newest[2]
    assert f"/commit/{sha}" in page
    # the first commit added every unit: each appears once, as one event (its file created)
    assert all(r[1] == "10/01/2026" for r in rows[1:]) and len(rows) == 1 + 14
    assert all(r[2].startswith("tệp dữ liệu: — → tạo mới (") for r in rows[1:]), rows[1]
    # the unit's own page lists its changes, newest first, with the commit
    unit_page = (project.root / "generated" / "don-vi" / "ia-bang-phong-kinh-te.md").read_text(encoding="utf-8")
    own = unit_page.split('id="lich-su-don-vi"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r'<li><time datetime="([\d-]+)">', own)
    assert items == ["2026-02-15", "2026-01-10"] and f"/commit/{sha}" in own and "→ Hoàn thành" in own
    feed = feedparser.parse((project.root / "generated" / "cap-nhat" / "ia-bang.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries[0].link.endswith(sha)
    assert "Hoàn thành" in feed.entries[0].summary
    # the other commune's page lists only its own units
    other = (project.root / "generated" / "cap-nhat" / "buon-ma-thuot.md").read_text(encoding="utf-8")
    assert "Phòng Kinh tế" not in other.replace("Phòng Kinh tế, Hạ tầng", "")
