"""A cache of data files already read and found valid, keyed by their bytes.

Reading a file strictly with line marks costs about a millisecond (libyaml
composing plus the conversion in yamlio); a province has 5,000 unit files and a
pull request changes one of them. A file whose bytes, kind and reading code are
the same gives the same data, so the data of a valid file is kept in one pack
beside the site's config file (`.cache/phongtrao-data/`, like the social cards)
and the next build or live-preview rebuild skips reading and schema-checking it.

- Only valid files are cached: a file with problems is read again every time,
  so its messages and their line numbers are always fresh.
- Line marks are not kept: a cached document reads its file again only when a
  later check (an unknown ID) has to point at a line (see YamlDocument.where).
- The key includes the source of the reading and checking code, the schemas and
  the versions of Python, PyYAML (and its libyaml), jsonschema and
  fastjsonschema, so changing any of them invalidates every entry.
- The pack is sealed (sealed.py: an HMAC whose key is not in the cache folder)
  and its seal is checked before a byte of it is parsed: a planted, truncated or
  foreign pack is an empty cache. Only then is it unpickled, with nothing but
  `datetime.date` allowed, its shape checked, and every entry it returns checked
  again against its schema (the compiled check): a cache can make a build
  faster, never different from a cold one.
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

from . import sealed
from .validate import is_valid

_PACKAGE = Path(__file__).resolve().parent.parent
# Everything that decides what a file reads as and whether it is valid.
_CODE = ("reading/yamlio.py", "reading/validate.py", "reading/problems.py", "reading/datacache.py",
         "reading/sealed.py", "text.py", "untrusted.py", "logsafe.py")
PACK_NAME = "data.pickle"
PACK_LIMIT = 1 << 30  # a province's pack is about 20 MB; anything near this is not ours


def code_version() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for name in _CODE:
        digest.update((_PACKAGE / name).read_bytes())
    for schema in sorted((_PACKAGE / "reading" / "schemas").glob("*.json")):
        digest.update(schema.name.encode() + schema.read_bytes())
    import sys
    from importlib.metadata import version

    import yaml
    libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "pure"
    digest.update(f"{sys.version}|{yaml.__version__}|{libyaml}".encode())
    for package in ("jsonschema", "fastjsonschema"):
        digest.update(f"|{package}={version(package)}".encode())
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
        payload = sealed.read(path, PACK_NAME, PACK_LIMIT)
        if payload is None:  # absent, or not written by this machine's builds: an empty cache
            return {}
        try:
            entries = _DatesOnly(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - a sealed pack from an older format: an empty cache
            return {}
        if not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(k, bytes) and isinstance(v, tuple) and len(v) == 2
                and isinstance(v[0], str)}

    def key(self, raw: bytes, kind: str) -> bytes:
        return hashlib.blake2b(raw, digest_size=20, key=self._version, person=kind.encode()[:16]).digest()

    def get(self, raw: bytes, kind: str):
        """(True, data) for a file seen valid before, else (False, None).

        The entry must be of this kind and still pass the schema: what a cache returns
        is always data a cold build would have accepted from these bytes' reading."""
        key = self.key(raw, kind)
        entry = self._entries.get(key)
        if entry is None or entry[0] != kind or not is_valid(entry[1], kind):
            return False, None
        self.hits += 1
        self._used[key] = entry
        return True, entry[1]

    def put(self, raw: bytes, kind: str, data) -> None:
        key = self.key(raw, kind)
        self._used[key] = (kind, data)
        self._changed = True

    def save(self, prune: bool = True) -> None:
        """Write the pack: the entries used by this load (prune) or those plus every older one."""
        if not prune:
            self._used = {**self._entries, **self._used}
        if self.folder is None or not (self._changed or len(self._used) != len(self._entries)):
            return
        with contextlib.suppress(OSError):  # a read-only checkout just builds without the cache
            sealed.write(self.folder / PACK_NAME, PACK_NAME, pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL))
        self._pack, self._changed = dict(self._used), False


def default_folder(root: Path) -> Path | None:
    """`.cache/phongtrao-data` beside the site's config file; PHONGTRAO_DATA_CACHE=off turns it off."""
    if os.environ.get("PHONGTRAO_DATA_CACHE", "").lower() in ("off", "0", "no"):
        return None
    return Path(root) / ".cache" / "phongtrao-data"
