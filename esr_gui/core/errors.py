"""Typed errors of the core: every parser and reader raises one of these, never anything else."""

from __future__ import annotations


class EsrError(Exception):
    """Base class of every error the core raises on bad input.

    The message is one plain sentence meant for a technician; callers show it as is.
    """


class ParseError(EsrError):
    """Input could not be understood (garbage, truncated or in an unknown format)."""

    def __init__(self, message: str, *, source: str = "") -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class BundleError(EsrError):
    """A capture bundle is unusable: not a bundle, unsafe, too large, or of an unknown version."""
