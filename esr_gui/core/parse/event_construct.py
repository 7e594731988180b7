"""Event models built from values already parsed and typed, as cheaply as possible.

The parsers build tens of thousands of Events: `construct_event` skips validation (the values
are typed by the parser) and shares what every event would otherwise copy: the set of fields
set and the table of field names of its attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from esr_gui.core.models.events import Event


def _fast_construct(values: dict[str, Any]) -> Event:
    event = _new_event(Event)
    # A copy of the template's attributes shares its table of field names (CPython's
    # key-sharing instance dicts): ~200 bytes less per event than a dict of its own.
    attributes = _template_attributes().copy()
    attributes.update(values)
    _set_attribute(event, "__dict__", attributes)
    # Every field is set: one shared set instead of a 12-name set (~730 bytes) per event.
    # Safe because Event is frozen (nothing adds to it) and pydantic copies it in model_copy.
    fields_set = _ALL_FIELDS if values.keys() == _ALL_FIELDS else set(values)
    _set_attribute(event, "__pydantic_fields_set__", fields_set)
    _set_attribute(event, "__pydantic_extra__", None)
    _set_attribute(event, "__pydantic_private__", None)
    return event


def _slow_construct(values: dict[str, Any]) -> Event:
    return Event.model_construct(**values)


def _pick_constructor() -> Callable[[dict[str, Any]], Event]:
    """What `Event.model_construct` does, minus its per-field loop, if this pydantic agrees."""
    sample = dict(EVENT_DEFAULTS, channel="c", event_id=1, data={"a": "b"})
    try:
        fast, slow = _fast_construct(dict(sample)), _slow_construct(dict(sample))
        same = (
            set(Event.model_fields) == set(EVENT_DEFAULTS)
            and fast == slow
            and fast.model_fields_set == slow.model_fields_set
        )
    except (AttributeError, TypeError):
        same = False
    return _fast_construct if same else _slow_construct


EVENT_DEFAULTS: dict[str, Any] = {
    "channel": "",
    "provider": "",
    "event_id": 0,
    "level": None,
    "time": None,
    "record_id": None,
    "computer": "",
    "user_sid": "",
    "data": {},
    "message": "",
    "error_codes": (),
    "origin": "",
}
_ALL_FIELDS: set[str] = set(EVENT_DEFAULTS)
_new_event = object.__new__
_set_attribute = object.__setattr__


@cache
def _template_attributes() -> dict[str, Any]:
    """The attributes of an Event set one by one (so they share the class's key table)."""
    template = _new_event(Event)
    for name, value in EVENT_DEFAULTS.items():
        _set_attribute(template, name, value)
    attributes: dict[str, Any] = template.__dict__
    return attributes


def construct_event(values: dict[str, Any]) -> Event:
    """An Event from already-typed values (missing ones take the model's defaults)."""
    if len(values) != len(EVENT_DEFAULTS):
        values = {**EVENT_DEFAULTS, **values}
        values["data"] = dict(values["data"])
    return _constructor(values)


_constructor = _pick_constructor()
