# Two commands on a fresh machine: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/hooks:$(CURDIR)

.PHONY: serve build test check new-unit bench browser clean codeowners published-urls edit screenshots vendor

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(VENV)/.installed-site: requirements.txt | $(BIN)/activate
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt $(VENV)/.installed-site
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# LOCALITY=ia-bang previews one commune only (fast rebuilds when the data holds a whole province).
serve: $(VENV)/.installed-site
	PHONGTRAO_LOCALITY=$(LOCALITY) $(BIN)/mkdocs serve --dev-addr $(HOST) --livereload -w data -w hooks -w overrides

build: $(VENV)/.installed-site
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed-site
	$(BIN)/python -m phongtrao.cli check $(FILES)

new-unit: $(VENV)/.installed-site
	$(BIN)/python -m phongtrao.cli new-unit $(ARGS)

codeowners: $(VENV)/.installed-site
	$(BIN)/python -m phongtrao.cli codeowners --write

# Debian's chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -q -n 2 --dist loadfile tests   # one process per core; a test file stays in one process (its fixtures are built once)

# The form editor on this machine: the site built against a local stand-in for GitHub's API, whose
# "pull requests" are branches cap-nhat/… of this repository (the working tree is never touched).
edit: $(VENV)/.installed-site
	rm -rf build/edit && PHONGTRAO_EDITOR_API=/github-api $(BIN)/mkdocs build -q --strict --site-dir build/edit
	$(BIN)/python -m phongtrao.local_backend build/edit --repo . --port 8001

# The contributor guide's pictures (docs/dong-gop/anh/), taken by the editor's browser test on the real site.
screenshots: $(VENV)/.installed-test browser
	PHONGTRAO_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/test_editor.py

# The editor's libraries, bundled once from vendor/package-lock.json (the result is committed; npm is
# not needed to build or test the site).
vendor:
	cd vendor && npm ci --no-audit --no-fund && node build.mjs ../overrides/assets/javascripts/vendor/phongtrao-editor-libs.js

# Record every URL the site publishes (tests fail if one disappears without a redirect in permalinks.yml).
published-urls: $(VENV)/.installed-site
	rm -rf build/published && $(BIN)/mkdocs build --strict --site-dir build/published
	$(BIN)/python -m phongtrao.publishing.permalinks build/published --write tests/published-urls.txt

# BENCH="--quick" (1 and 10 communes) or BENCH="--sizes 1x60,25x50"; see python -m bench --help
bench: $(VENV)/.installed-test browser
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf site build bench-out
