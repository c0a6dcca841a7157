"""MkDocs (or ProperDocs) hooks file: the event handlers live in `phongtrao.adapter`.

All logic lives in the `phongtrao` package beside this file; the adapter is the
only part of it that knows MkDocs.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from phongtrao.adapter import (  # noqa: E402,F401 - MkDocs finds the handlers by name
    on_config, on_files, on_page_content, on_page_markdown, on_post_build, on_post_page, on_startup)
