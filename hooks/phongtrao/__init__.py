"""Data-to-pages logic of the emulation-movement tracking site.

Plain Python, runnable and testable without any site generator: `pipeline.py`
declares the phases and the order of their steps (resolve → generate → render →
publish); `adapter.py` is the one module that speaks to MkDocs (or ProperDocs).

    reading/     YAML reader, schemas, validation, the model, caches
    figures/     every figure the site and the open data show (compute.py), charts
    pages/       Jinja templates and the page-rendering steps
    publishing/  open data, feeds, social cards, redirects, CSP, search details
"""
