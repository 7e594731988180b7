"""Free text a technician typed into the manifest: kept only when it cannot name anyone.

`users_affected` and `devices_affected` exist to name people and devices, and no pattern knows
every name. After the usual replacement, such a field is kept only when every word left is a
generic one ("one user", "all devices in the office", "3 users") or a redaction token;
otherwise its text is removed and the field says so. The problem description and the other
problem fields keep their text with known values and personal shapes replaced: they say what
is wrong, and the README asks the sender to read them before sending.
"""

from __future__ import annotations

import re

REMOVED_NOTE = "[removed by redaction: free text that may name people or devices]"
SCREENED_FIELDS = ("users_affected", "devices_affected")
_WORD = re.compile(r"[^\W\d_]+")  # letters only: `user1`, `PC-0001` give `user`, `PC`
# The last line: the letters of redaction tokens (user1, PC-0001, DOMAIN1, Person 2...).
_GENERIC = """
    a about affected all also an and another any approx approximately are as at both but
    checked colleague colleagues company computer computers department desktop desktops device
    devices different each employee employees entire every everyone everybody few first for
    from half her his i in is it just laptop laptops machine machines many me more most my n
    na new no nobody none not of office on one only or other others our people person pc pcs
    remote same seen several site so some staff still team tenant than that the their them
    these they this those three too two unknown user users we whole with yet yes single
    organisation organization workstation workstations far tested known unclear
    domain redacted invalid local
"""
GENERIC_WORDS = frozenset(_GENERIC.split())


def screen(text: str) -> str | None:
    """`text` (already redacted) when it holds only generic words and tokens, else None."""
    if all(word.lower() in GENERIC_WORDS for word in _WORD.findall(text)):
        return text
    return None


def screen_problem(problem: object) -> list[str]:
    """Replace the screened fields of a manifest's `problem` that may name someone, in place;
    the names of the fields removed."""
    if not isinstance(problem, dict):
        return []
    removed = []
    for key in SCREENED_FIELDS:
        value = problem.get(key)
        if isinstance(value, str) and value.strip() and screen(value) is None:
            problem[key] = REMOVED_NOTE
            removed.append(key)
    return removed
