# ESR Troubleshooter — every task a developer or CI runs. `make run` and `make test` set up
# everything themselves on a fresh Debian 12 (see scripts/bootstrap.sh).
.POSIX:
SHELL := /bin/sh
PY := .venv/bin/python
UI_SOURCES := $(wildcard ui/*.ui)
UI_MODULES := $(patsubst ui/%.ui,esr_gui/ui/forms/ui_%.py,$(UI_SOURCES))

.PHONY: bootstrap run test lint typecheck pytest ui bench dist windows windows-smoke wine-capture clean

bootstrap:
	@scripts/bootstrap.sh

esr_gui/ui/forms/ui_%.py: ui/%.ui
	@.venv/bin/pyside6-uic --from-imports $< -o $@

ui: bootstrap $(UI_MODULES)

run: ui
	scripts/run.sh $(ARGS)

lint: bootstrap
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: bootstrap
	.venv/bin/mypy

pytest: ui
	$(PY) -m pytest -q $(PYTEST_ARGS)

test: ui lint typecheck pytest

bench: ui
	$(PY) -m bench.run

# Packaging (build/, installer/; README "Packaging and signing"). dist: the Linux onedir bundle;
# windows: the Windows bundle + signed NSIS installer, built under Wine; windows-smoke: builds
# if needed, then installs, runs (also a tenant check signed in against a local fake of Entra ID),
# upgrades and uninstalls it under Wine + Xvfb.
dist: ui
	build/dist.sh

windows: ui
	build/windows.sh

windows-smoke: ui
	build/windows_smoke.sh

# Live capture under Wine: esr-diag collect in Windows CPython and installer/collect-esr-bundle.cmd,
# both checked with the Linux reader (sets up the Wine prefix first; see scripts/wine-capture.sh).
wine-capture: bootstrap
	scripts/wine-capture.sh

clean:
	rm -rf build/work build/out dist .mypy_cache .ruff_cache
