# The README's two commands: `make serve` (the site) and `make test` (every test).
# Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test check build pictures notebooks system-packages gpu-check

# A virtual environment with the project and its docs + test extras.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# A Chromium for the browser tests, installed the platform's way when missing:
# on Debian, Debian's chromium and CJK fonts (so that Chinese pages render in
# screenshots) with apt; elsewhere (macOS, Ubuntu, whose chromium is a snap),
# Playwright's own Chromium, unless a chromium or google-chrome is on PATH.
system-packages: $(STAMP)
	@if grep -qs '^ID=debian' /etc/os-release; then \
	  if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-cjk; \
	  fi; \
	elif ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && \
	     ! command -v google-chrome >/dev/null; then \
	  $(BIN)/python -m playwright install chromium; \
	fi

## Serve both languages with live reload at http://127.0.0.1:8000/pytorch-notes/
## (--dirty: an edit rebuilds the pages that changed, not the whole site)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## Run every test: docs blocks, snippets, programs, site build, browser.
test: $(STAMP) system-packages
	$(BIN)/python -m pytest

## Check one chapter (both languages): includes, blocks, notebook, pictures,
## links, its snippets. Prints each problem as file:line: what.
##   make check CHAPTER=reshaping
check: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make check CHAPTER=<slug> (a page name, e.g. reshaping)" >&2; exit 2; }
	$(BIN)/python -m ptdocs.check $(CHAPTER)

## Build the static site (both languages) into site/
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Regenerate every picture on the site from the snippet code
pictures: $(STAMP)
	$(BIN)/python -m ptdocs.notebooks --pictures

## Regenerate each chapter's notebook (docs/notebooks/<lang>/<slug>.ipynb) from its
## page. Only chapters whose code (or a snippet it runs) changed are run again,
## offline on the stand-in data; a prose edit needs no kernel (seconds). All 21
## chapters run: about a minute. ARGS="conv2d linear": only those chapters;
## ARGS="--run conv2d": run it even when its code did not change.
notebooks: $(STAMP)
	$(BIN)/python -m ptdocs.notebooks $(ARGS)

## Check every GPU claim on a machine with an NVIDIA GPU (about 5 minutes);
## writes snippets/speed/results/gpu-<date>.json. ARGS=--dry-run: the same
## steps on the CPU at tiny sizes. Where the project's venv cannot be made
## (no network), name an interpreter that has torch:
##   make -o $(STAMP) gpu-check BIN=/path/to/bin
gpu-check: $(STAMP)
	timeout 480 $(BIN)/python -m ptdocs.gpu_check $(ARGS)
