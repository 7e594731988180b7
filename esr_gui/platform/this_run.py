"""This run of the app: one random id per process, stamped on every live capture it makes.

A fix that changes the device runs only from a capture carrying this id (see
`core.remedy.binding`); a bundle written by an earlier run, or by another PC, never has it.
"""

from __future__ import annotations

import uuid

RUN_ID = uuid.uuid4().hex


def run_id() -> str:
    """The id of this run of the app (the same for every call within the process)."""
    return RUN_ID
