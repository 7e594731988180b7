"""Python generated from ../../ui/*.ui by pyside6-uic at build time (never edited by hand)."""
