"""Qt Designer forms compiled at build time."""
