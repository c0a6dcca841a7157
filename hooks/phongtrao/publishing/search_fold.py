"""Build-side part of search.

The site searches with Pagefind (search_index.py). Material's own search (lunr, with our folding
language file overrides/assets/javascripts/lunr/min/lunr.vi.min.js) is built only when its plugin is
configured, as the bench does to compare the old engine with the new; then two fixes to its dialog:

- the dialog (<div class="md-search" role="dialog">) has no accessible name,
  which axe-core reports as serious (aria-dialog-name): it gets "Tìm kiếm";
- Material's "share search" button is an <a href="javascript:void(0)">.
Under our Content-Security-Policy (no 'unsafe-inline' scripts) following that
URL is a policy violation, and the site otherwise guarantees that no
javascript: URL appears in its HTML. The button works through its click
handler (data-clipboard), so it becomes a plain link-less button.
"""
from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
SEARCH_DIALOG_NAMED = SEARCH_DIALOG + ' aria-label="Tìm kiếm"'
SHARE_LINK = '<a href="javascript:void(0)" class="md-search__icon md-icon"'
SHARE_BUTTON = '<a role="button" class="md-search__icon md-icon"'


def search_dialog_markup(output: str, page, state) -> str:
    return output.replace(SHARE_LINK, SHARE_BUTTON).replace(SEARCH_DIALOG + ">", SEARCH_DIALOG_NAMED + ">")
