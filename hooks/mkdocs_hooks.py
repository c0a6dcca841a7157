"""MkDocs hooks: thin event handlers that call the phases in `phongtrao.site`.

All logic lives in the `phongtrao` package beside this file, so it can be run
and tested without MkDocs.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from phongtrao import site  # noqa: E402
from phongtrao.reading.problems import BuildAbort  # noqa: E402

_state: site.BuildState | None = None


def on_startup(command, dirty):
    site.COMMAND = command


def on_config(config):
    global _state
    try:
        _state = site.resolve(config)
    except BuildAbort as err:
        raise PluginError(str(err)) from None
    config.extra["illustrative_data"] = _state.dataset.illustrative
    return config


def on_page_markdown(markdown, page, config, files):
    return site.render_markdown(markdown, page, _state)


def on_files(files, config):
    return site.generate(files, config, _state)


def on_page_content(html, page, config, files):
    return site.filter_content(html, page, _state)


def on_post_page(output, page, config):
    try:
        return site.finish_page(output, page, _state)
    except BuildAbort as err:  # MkDocs prints the message and exits 1, without a traceback
        raise PluginError(str(err)) from None


def on_post_build(config):
    try:
        site.publish(config, _state)
    except BuildAbort as err:
        raise PluginError(str(err)) from None
