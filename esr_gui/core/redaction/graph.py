"""Personal values in the `graph/` members (Microsoft Graph answers and their index).

UPNs and e-mail addresses, the account that signed in, device names, people's names and
on-premises account names are registered with the redactor from the JSON structure, so they
are replaced everywhere (GUIDs and e-mail shapes are caught by pattern anyway). Pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from esr_gui.core.bundle.limits import GRAPH_DIR
from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import EsrError
from esr_gui.core.redaction.text import TextRedactor

MAX_DEPTH = 12
_EMAILS = ("userprincipalname", "mail", "signed_in_as", "onpremisesuserprincipalname")
_PEOPLE = ("givenname", "surname", "onpremisessamaccountname")
_DOMAINS = ("onpremisesdomainname",)


def collect_graph(members: Mapping[str, bytes], r: TextRedactor) -> None:
    """Register every personal value of the `graph/*.json` members with the redactor."""
    for name, data in members.items():
        if not (name.lower().startswith(GRAPH_DIR) and name.lower().endswith(".json")):
            continue
        try:
            raw = json.loads(decode_text(data))
        except (EsrError, ValueError):
            continue  # text redaction still applies to the member as a whole
        _walk(raw, r, 0)


def _walk(node: Any, r: TextRedactor, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, r, depth + 1)
        return
    if not isinstance(node, dict):
        return
    device = "deviceId" in node or "trustType" in node
    for key, value in node.items():
        if isinstance(value, str) and value:
            _value(key.lower(), value, device, r)
        else:
            _walk(value, r, depth + 1)


def _value(key: str, value: str, device: bool, r: TextRedactor) -> None:
    if key in _EMAILS:
        r.add_email(value, "upn")
    elif key == "displayname":
        if device:
            r.add_host(value)
        else:
            r.add_literal(value, "person")
    elif key in _PEOPLE:
        r.add_literal(value, "person" if key != "onpremisessamaccountname" else "user")
    elif key in _DOMAINS:
        r.add_domain(value)
