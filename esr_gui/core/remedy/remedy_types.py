"""The small types that a remedy's record, its description and its plan share: its kind and
whether it needs administrator rights.

Their own module so that the catalogue (all a diagnosis needs) imports neither `plans` nor
`remedy_info` and their models (issue 19: `esr-diag check` never loads them).
"""

from __future__ import annotations

from typing import Literal

RemedyKind = Literal["command", "cleanup", "open", "launch", "lock", "guidance"]
AdminNeed = Literal["not-needed", "required", "if-denied"]
