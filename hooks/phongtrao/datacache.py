"""A cache of data files already read and found valid, keyed by their bytes.

Reading a file strictly with line marks costs about a millisecond (libyaml
composing plus the conversion in yamlio); a province has 5,000 unit files and a
pull request changes one of them. A file whose bytes, kind and reading code are
the same gives the same data, so the data of a valid file is kept in one pack
beside mkdocs.yml (`.cache/phongtrao-data/`, like the social cards) and the
next build or `mkdocs serve` rebuild skips reading and schema-checking it.

- Only valid files are cached: a file with problems is read again every time,
  so its messages and their line numbers are always fresh.
- Line marks are not kept: a cached document reads its file again only when a
  later check (an unknown ID) has to point at a line (see YamlDocument.where).
- The key includes the source of the reading and checking code and the schemas,
  so changing any of them invalidates every entry.
- The pack is unpickled with only `datetime.date` allowed: a planted cache file
  cannot run code, it can at most fail to load (and is then ignored).
- Entries not used by a build are dropped when the pack is written, so the pack
  holds the current data only.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Everything that decides what a file reads as and whether it is valid.
_CODE = ("yamlio.py", "validate.py", "text.py", "problems.py", "datacache.py")
PACK_NAME = "data.pickle"


def code_version() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for name in _CODE:
        digest.update((_HERE / name).read_bytes())
    for schema in sorted((_HERE / "schemas").glob("*.json")):
        digest.update(schema.name.encode() + schema.read_bytes())
    import yaml
    digest.update(yaml.__version__.encode())
    return digest.digest()


class _DatesOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("datetime", "date"):
            return dt.date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the data cache")


class DataCache:
    """Valid documents' data by (kind, bytes); `get` and `put` during a load, `save` after it."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self._version = code_version()
        self._pack: dict[bytes, object] | None = None  # read on first use, inside load_dataset's collector pause
        self._used: dict[bytes, object] = {}
        self._changed = False
        self.hits = 0

    @property
    def _entries(self) -> dict[bytes, object]:
        if self._pack is None:
            self._pack = self._read_pack(self.folder / PACK_NAME) if self.folder is not None else {}
        return self._pack

    @staticmethod
    def _read_pack(path: Path) -> dict:
        try:
            with path.open("rb") as handle:
                entries = _DatesOnly(io.BufferedReader(handle)).load()
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError, IndexError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def key(self, raw: bytes, kind: str) -> bytes:
        return hashlib.blake2b(raw, digest_size=20, key=self._version, person=kind.encode()[:16]).digest()

    def get(self, raw: bytes, kind: str):
        """(True, data) for a file seen valid before, else (False, None)."""
        key = self.key(raw, kind)
        if key in self._entries:
            self.hits += 1
            self._used[key] = self._entries[key]
            return True, self._entries[key]
        return False, None

    def put(self, raw: bytes, kind: str, data) -> None:
        key = self.key(raw, kind)
        self._used[key] = data
        self._changed = True

    def save(self, prune: bool = True) -> None:
        """Write the pack: the entries used by this load (prune) or those plus every older one."""
        if not prune:
            self._used = {**self._entries, **self._used}
        if self.folder is None or not (self._changed or len(self._used) != len(self._entries)):
            return
        tmp = self.folder / f".{PACK_NAME}.{os.getpid()}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as handle:
                pickle.dump(self._used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / PACK_NAME)  # atomic: a parallel build reads the old or the new pack
        except OSError:
            with contextlib.suppress(OSError):  # a read-only checkout just builds without the cache
                tmp.unlink()
        self._pack, self._changed = dict(self._used), False


def default_folder(root: Path) -> Path | None:
    """`.cache/phongtrao-data` beside mkdocs.yml; PHONGTRAO_DATA_CACHE=off turns it off."""
    if os.environ.get("PHONGTRAO_DATA_CACHE", "").lower() in ("off", "0", "no"):
        return None
    return Path(root) / ".cache" / "phongtrao-data"
