"""Data-to-pages logic of the emulation-movement tracking site.

Plain Python, runnable and testable without MkDocs. The MkDocs hook file
(`hooks/mkdocs_hooks.py`) only calls into this package, in named phases:
resolve (load + validate data) → generate (virtual pages, open data) → render.
"""
