"""Errors of the remediation engine: a refusal is a calm sentence, never a traceback."""

from __future__ import annotations

from esr_gui.core.errors import EsrError


class RemedyRefusedError(EsrError):
    """A remedy cannot be planned or run as asked; nothing was changed.

    Raised for an unknown remedy id, parameters outside a remedy's schema, a confirmation
    that does not match the plan, or a plan that is not runnable here.
    """


class UnknownRemedyError(RemedyRefusedError):
    """The id is not one of the allow-listed remedies."""
