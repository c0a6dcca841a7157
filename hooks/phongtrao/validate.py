"""Validation of data files: JSON Schema per kind of file, then cross-references.

Messages are Vietnamese, name the file, line and column, and say what to write.
"""
from __future__ import annotations

from pathlib import Path

from .problems import Problem
from .yamlio import YamlDocument


def check_document(doc: YamlDocument, kind: str) -> list[Problem]:
    """Schema problems of one document (empty when valid)."""
    if doc.data is None:
        return [Problem(doc.file, 1, 1, "Tệp trống. Hãy chép tệp mẫu trong hướng dẫn rồi điền thông tin.")]
    return []


def cross_check(result, data_dir: Path) -> list[Problem]:
    """Problems that need the whole dataset: unknown IDs, wrong file location."""
    return []
