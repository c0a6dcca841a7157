"""Sealed cache entries: what this machine's own builds wrote, and nothing else, is read back.

A cache folder (`.cache/`, or the CI cache a deploy restores) can be written by
whoever reaches it: a forged data entry would publish invented figures, a
forged card PNG would be published as is. Every cache entry is therefore sealed
with an HMAC-SHA256 whose key never lives in the cache folder:

- `PHONGTRAO_CACHE_KEY` (deploy.yml passes a repository secret; pull-request
  runs never get it), or else
- a random key made once per user in `~/.config/phongtrao/cache-key` (mode 0600).

An entry whose seal does not match is treated as absent, before anything in it
is parsed: a forged, truncated or foreign cache only makes the build cold.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

TAG_BYTES = 32


def _key_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "phongtrao" / "cache-key"


@lru_cache(maxsize=1)
def key() -> bytes:
    """The sealing key: from the environment, the user's key file, or (neither writable) this process only."""
    given = os.environ.get("PHONGTRAO_CACHE_KEY", "")
    if given:
        return hashlib.sha256(given.encode("utf-8")).digest()
    path = _key_file()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data[:32]
    except OSError:
        pass
    fresh = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(fresh)
    except FileExistsError:  # another build made it meanwhile
        return path.read_bytes()[:32]
    except OSError:
        pass  # a read-only home: the cache lives for this process only
    return fresh


def _tag(purpose: str, payload: bytes) -> bytes:
    return hmac.new(key(), purpose.encode("utf-8") + b"\0" + payload, hashlib.sha256).digest()


def seal(purpose: str, payload: bytes) -> bytes:
    """`payload` with its seal in front; `purpose` binds it to one use (a card's key, the data pack)."""
    return _tag(purpose, payload) + payload


def unseal(purpose: str, blob: bytes | None) -> bytes | None:
    """The payload of a sealed blob, or None when the seal is wrong (forged, truncated, another key)."""
    if not blob or len(blob) < TAG_BYTES:
        return None
    tag, payload = blob[:TAG_BYTES], blob[TAG_BYTES:]
    return payload if hmac.compare_digest(tag, _tag(purpose, payload)) else None


def read(path: Path, purpose: str, limit: int) -> bytes | None:
    """A sealed file's payload; None when absent, larger than `limit` bytes, unreadable or forged."""
    try:
        with open(path, "rb") as handle:
            blob = handle.read(limit + TAG_BYTES + 1)
    except OSError:
        return None
    if len(blob) > limit + TAG_BYTES:
        return None
    return unseal(purpose, blob)


def write(path: Path, purpose: str, payload: bytes) -> None:
    """Write a sealed file atomically (a parallel build reads the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(seal(purpose, payload))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
