"""Redaction covers the `graph/` members: UPNs, ids and device names never survive, and the
redacted Graph data still says the same thing to the tenant checks."""

from __future__ import annotations

import json

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.tenant import check_device_object, check_user_account
from esr_gui.core.redaction.members import redact_members
from esr_gui.core.redaction.tokens import WELL_KNOWN_GUIDS
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.unit import leak_scan
from tests.unit.diagnose_support import dsreg, members
from tests.unit.tenant_support import (
    DEVICES,
    ME,
    device,
    devices,
    graph_members,
    me,
)

DEVICE_NAME = "LAPTOP-7QX9ZR"  # not the manifest's computer name: only Graph knows it
OBJECT_ID = "7d1c0c2e-1111-2222-3333-444455556666"
TECH = "helpdesk.person@fabrikam.com"
USER = "Jane.Doe@contoso.com"  # real-looking domains: reserved ones (.example) are kept


def _bundle() -> dict[str, bytes]:
    graph = graph_members(
        (ME, 200, {**me(USER), "givenName": "Janette", "surname": "Doeberg"}),
        (DEVICES, 200, devices(device(displayName=DEVICE_NAME, id=OBJECT_ID))),
        signed_in_as=TECH,
    )  # fmt: skip
    sections = dsreg(aad="YES", dj="NO", Device_Details={"DeviceId": device()["deviceId"]})
    return {**members(dsregcmd=sections, upn=USER), **graph}


def test_graph_members_leave_nothing_personal() -> None:
    original = _bundle()
    found = leak_scan.identifiers(original, WELL_KNOWN_GUIDS)
    found |= {DEVICE_NAME: "computer", TECH: "email", "Janette": "person", "Doeberg": "person"}
    redacted = redact_members(original).all_members()
    blobs: dict[str, bytes] = {}
    for name, data in redacted.items():
        blobs |= leak_scan.member_blobs(name, data)
    assert leak_scan.leaks(blobs, leak_scan.needles(found)) == []
    index = json.loads(redacted["graph/index.json"])
    assert index["signed_in_as"].endswith(".invalid")


def test_redacted_graph_data_gives_the_same_verdicts() -> None:
    original = _bundle()
    redacted = redact_members(original).all_members()
    before = DiagContext(snapshot_from_bundle(bundle_from_members(original, label="a")))
    after = DiagContext(snapshot_from_bundle(bundle_from_members(redacted, label="b")))
    for check in (check_device_object, check_user_account):
        assert check(after).status == check(before).status == "pass"
