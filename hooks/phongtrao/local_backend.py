"""A local stand-in for the part of GitHub's API the form editor uses, over a git repository, beside
a built site: what the browser tests drive the editor against, and what `make edit` serves so the
form can be tried on a clone (as Decap CMS's local proxy serves its editor).

    python -m phongtrao.local_backend SITE_DIR --repo REPO [--port 8001]

- GET  /…            the built site (files of SITE_DIR)
- the API under /github-api/ (the editor reads its address from mau.json, built with
  PHONGTRAO_EDITOR_API=/github-api): /user, /repos/O/R, /repos/O/R/git/ref/heads/B,
  POST /repos/O/R/git/refs, GET and PUT /repos/O/R/contents/PATH, POST /repos/O/R/pulls.

A commit is written with git's plumbing (hash-object, a temporary index, write-tree, commit-tree,
update-ref) on the new branch only: the working tree and the checked-out branch are never touched.
Pull requests are recorded in .git/phongtrao-pulls.json. Listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

PREFIX = "/github-api"
LOGIN = "can-bo-thu-nghiem"


class Repository:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.lock = threading.Lock()
        self.pulls_file = Path(self.git("rev-parse", "--absolute-git-dir").strip()) / "phongtrao-pulls.json"

    def git(self, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
        out = subprocess.run(["git", *args], cwd=self.path, input=stdin, capture_output=True, check=True,
                             env={**os.environ, **(env or {})}, timeout=60)
        return out.stdout.decode("utf-8", "replace")

    def ref(self, branch: str) -> str | None:
        try:
            return self.git("rev-parse", "--verify", f"refs/heads/{branch}^{{commit}}").strip()
        except subprocess.CalledProcessError:
            return None

    def blob(self, branch: str, path: str) -> tuple[str, bytes] | None:
        try:
            sha = self.git("rev-parse", f"refs/heads/{branch}:{path}").strip()
        except subprocess.CalledProcessError:
            return None
        content = subprocess.run(["git", "cat-file", "blob", sha], cwd=self.path, capture_output=True, check=True).stdout
        return sha, content

    def commit_file(self, branch: str, path: str, content: bytes, message: str) -> str:
        parent = self.ref(branch)
        blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=self.path, input=content,
                              capture_output=True, check=True).stdout.decode().strip()
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_AUTHOR_NAME": LOGIN,
                   "GIT_AUTHOR_EMAIL": f"{LOGIN}@example.org", "GIT_COMMITTER_NAME": LOGIN,
                   "GIT_COMMITTER_EMAIL": f"{LOGIN}@example.org"}
            self.git("read-tree", parent, env=env)
            self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.git("write-tree", env=env).strip()
            commit = self.git("commit-tree", tree, "-p", parent, "-m", message, env=env).strip()
        self.git("update-ref", f"refs/heads/{branch}", commit, parent)
        return commit

    def pulls(self) -> list[dict]:
        return json.loads(self.pulls_file.read_text(encoding="utf-8")) if self.pulls_file.exists() else []

    def add_pull(self, pull: dict) -> dict:
        pulls = self.pulls()
        pull = {**pull, "number": len(pulls) + 1}
        pull["html_url"] = f"/keo-yeu-cau/{pull['number']}"
        self.pulls_file.write_text(json.dumps(pulls + [pull], ensure_ascii=False, indent=1), encoding="utf-8")
        return pull


class Handler(SimpleHTTPRequestHandler):
    repo: Repository

    def log_message(self, *args):  # quiet: the tests read the repository, not the log
        pass

    def _json(self, status: int, body) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _reply(self, status: int, body) -> bool:
        self._json(status, body)
        return True

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _route(self, method: str) -> bool:
        url = urlsplit(self.path)
        if not url.path.startswith(PREFIX + "/"):
            return False
        parts = [unquote(p) for p in url.path[len(PREFIX) + 1:].split("/")]
        query = parse_qs(url.query)
        repo = self.repo
        with repo.lock:
            if parts == ["user"]:
                return self._reply(200, {"login": LOGIN})
            if len(parts) < 3 or parts[0] != "repos":
                return self._reply(404, {"message": "Not Found"})
            owner, name, rest = parts[1], parts[2], parts[3:]
            if not rest and method == "GET":
                return self._reply(200, {"full_name": f"{owner}/{name}", "permissions": {"push": True}})
            if rest[:3] == ["git", "ref", "heads"] and method == "GET":
                sha = repo.ref("/".join(rest[3:]))
                return self._reply(200 if sha else 404, {"object": {"sha": sha}} if sha else {"message": "Not Found"})
            if rest == ["git", "refs"] and method == "POST":
                body = self._body()
                branch = body["ref"].removeprefix("refs/heads/")
                if repo.ref(branch):
                    return self._reply(422, {"message": "Reference already exists"})
                repo.git("update-ref", f"refs/heads/{branch}", body["sha"], "")
                return self._reply(201, {"ref": body["ref"], "object": {"sha": body["sha"]}})
            if rest[:1] == ["contents"]:
                path = "/".join(rest[1:])
                if method == "GET":
                    found = repo.blob(query.get("ref", ["main"])[0], path)
                    if found is None:
                        return self._reply(404, {"message": "Not Found"})
                    return self._reply(200, {"sha": found[0], "encoding": "base64",
                                            "content": base64.b64encode(found[1]).decode()})
                if method == "PUT":
                    body = self._body()
                    current = repo.blob(body["branch"], path)
                    if current is not None and current[0] != body.get("sha"):
                        return self._reply(409, {"message": "sha does not match"})
                    commit = repo.commit_file(body["branch"], path, base64.b64decode(body["content"]), body["message"])
                    return self._reply(200, {"commit": {"sha": commit}})
            if rest == ["pulls"] and method == "POST":
                return self._reply(201, repo.add_pull(self._body()))
            return self._reply(404, {"message": "Not Found"})

    def do_GET(self):
        if not self._route("GET"):
            super().do_GET()

    def do_POST(self):
        if not self._route("POST"):
            self._json(405, {"message": "Method Not Allowed"})

    def do_PUT(self):
        if not self._route("PUT"):
            self._json(405, {"message": "Method Not Allowed"})


def server(site_dir: Path, repo: Path, port: int = 0) -> ThreadingHTTPServer:
    """A server (not yet serving) on 127.0.0.1:port (0: any free port)."""
    handler = type("BoundHandler", (Handler,), {"repo": Repository(repo)})
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site_dir)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m phongtrao.local_backend",
                                description="Trang đã dựng và máy chủ thay GitHub cho biểu mẫu sửa dữ liệu, trên máy này.")
    p.add_argument("site"), p.add_argument("--repo", default="."), p.add_argument("--port", type=int, default=8001)
    args = p.parse_args(argv)
    httpd = server(Path(args.site), Path(args.repo), args.port)
    print(f"Biểu mẫu: http://127.0.0.1:{httpd.server_address[1]}/sua-du-lieu/ (đề nghị cập nhật ghi thành nhánh "
          f"cap-nhat/… trong {Path(args.repo).resolve()}; Ctrl+C để dừng)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
