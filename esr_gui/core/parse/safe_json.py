"""JSON from strangers, read without a crash: every failure is one sentence.

`json.loads` fails in three ways besides bad syntax: bytes that are not UTF-8, nesting deep
enough to exhaust the interpreter's recursion limit (RecursionError), and an integer longer
than Python's int-from-string limit (4,300 digits: ValueError). Each becomes a ParseError.
"""

from __future__ import annotations

import json

from esr_gui.core.errors import ParseError


def loads_json(data: bytes | str, label: str) -> object:
    """The JSON value in `data` (UTF-8, a BOM allowed); ParseError naming `label` otherwise."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise ParseError(f"{label} is not valid JSON (it is not UTF-8 text)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg.lower()}"
        raise ParseError(f"{label} is not valid JSON ({where})") from None
    except RecursionError:
        raise ParseError(
            f"{label} is nested too deeply to read (arrays or objects inside one another "
            "thousands of levels deep); no real document is"
        ) from None
    except ValueError as exc:  # int too long for int(); the message names the limit
        if "digits" not in str(exc):
            raise ParseError(f"{label} is not valid JSON ({exc})") from None
        raise ParseError(
            f"{label} holds a number thousands of digits long; no real document does, "
            "so it is refused"
        ) from None
