#!/usr/bin/env python3
"""Generate the embedded demo bundles in resources/demo/<name>/ (deterministic output).

Each demo is one device in the bundle format, built from the native formats Windows writes:
boxed dsregcmd text, UTF-16 `reg export` files, wevtutil XML, system.json and a manifest
whose producer says it is demo data. Run from the repository root:

    .venv/bin/python scripts/make_demo_bundles.py            # rewrite resources/demo
    .venv/bin/python scripts/make_demo_bundles.py --check    # exit 1 if they are out of date
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_devices import Device, flat_1607, members, sectioned
from demo_formats import (
    PASSWORD_PROVIDER,
    SMART_CARD_PROVIDER,
    Fields,
    dword,
    event,
    reg_file,
)

from esr_gui.core.bundle.writer import write_bundle
from esr_gui.core.models.events import Event
from esr_gui.core.models.manifest import Manifest

OUT = Path(__file__).resolve().parent.parent / "resources" / "demo"
CREATED = "2026-11-25T09:14:03+01:00"
PRODUCER = "make_demo_bundles.py (demo data, not a real device)"
AAD = "Microsoft-Windows-AAD/Operational"
SYNC_DEBUG = "Microsoft-Windows-SettingSync/Debug"
AZURE_DEBUG = "Microsoft-Windows-SettingSync-Azure/Debug"
UDR = "Microsoft-Windows-User Device Registration/Admin"


def _aad_info(record: int, when: str) -> Event:
    return event(
        AAD, 1097, when, record, level=3, Error="2326069467",
        ErrorMessage="The cache has been partitioned successfully.",
        AdditionalInformation="Logged at AadCacheMigration.cpp",
    )  # fmt: skip


def _synced(record: int, when: str, count: str) -> Event:
    return event(
        SYNC_DEBUG, 6515, when, record, level=5, Count=count,
        message=f"Successfully synced {count} settings from the cloud.",
    )  # fmt: skip


def healthy() -> Device:
    """Windows 11, Azure AD joined, ESR enabled, PIN sign-in: nothing wrong."""
    extra = {
        "registry/mdm-experience.reg": reg_file(
            [
                (
                    r"HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience",
                    [dword("AllowSyncMySettings", 1)],
                )
            ]
        )
    }
    events = [
        _aad_info(101, "2026-11-24T08:04:02+01:00"),
        _synced(880, "2026-11-25T08:05:10+01:00", "14"),
    ]
    return Device("PC-0007", (22631, 4460, "23H2"), events=events, extra=extra)


def hybrid_not_registered() -> Device:
    """Windows 10 22H2 on the domain whose hybrid registration fails at discovery (proxy)."""
    diagnostics: Fields = [
        ("Diagnostics Reference", "www.microsoft.com/aadjerrors"),
        ("User Context", "UN-ELEVATED User"),
        ("Client Time", "2026-11-25 08:14:00.000 UTC"),
        ("AD Connectivity Test", "PASS"),
        ("AD Configuration Test", "PASS"),
        ("DRS Discovery Test", "FAIL [0x801c0021/0x80072ee2]"),
        ("DRS Connectivity Test", "SKIPPED"),
        ("Token acquisition Test", "SKIPPED"),
        ("Fallback to Sync-Join", "ENABLED"),
        ("Previous Registration", "2026-11-25 07:59:01.000 UTC"),
        ("Registration Type", "sync"),
        ("Error Phase", "discover"),
        ("Client ErrorCode", "0x801c0021"),
    ]
    udr = [
        event(UDR, 309, f"2026-11-25T0{h}:59:01+01:00", 40 + h, level=2, ExitCode="0x801C0021",
              message="Failed to discover the Azure AD DRS service. Exit code: 0x801C0021.")
        for h in (7, 8)
    ]  # fmt: skip
    return Device(
        "PC-0117", (19045, 5131, "22H2"), aad=False, domain=True, prt=False, wam=False,
        provider=PASSWORD_PROVIDER, dc=True, wireless=False, events=udr, diagnostics=diagnostics,
    )  # fmt: skip


def empty_settings_url() -> Device:
    """Windows 10 22H2, Azure AD joined, but no ESR endpoint: ESR off or not picked up."""
    return Device("PC-0203", (19045, 5131, "22H2"), settings_url="")


def sideload_1607() -> Device:
    """Windows 10 1607 (14393.10), hybrid joined, MDM side-loaded apps: event 6013 0x80070259."""
    events = [
        event(AZURE_DEBUG, 6013, f"2026-11-2{d}T09:1{d}:00+01:00", 300 + d, level=2,
              CollectionId="{0F8E1A6C-3B2D-4E5F-9A7B-1C2D3E4F5A6B}", HRESULT="0x80070259",
              message="The remote provider has requested that the settings in a collection be "
              "applied (Result: 0x80070259).")
        for d in (3, 4, 5)
    ]  # fmt: skip
    return Device(
        "PC-0042", (14393, 10, None), domain=True, provider=PASSWORD_PROVIDER, dc=True,
        wireless=False, events=events,
    )  # fmt: skip


def smart_card() -> Device:
    """Windows 10 22H2, hybrid joined, last sign-in with a smart card."""
    return Device(
        "PC-0311", (19045, 5131, "22H2"), domain=True, provider=SMART_CARD_PROVIDER, dc=True
    )


def token_broker_1098() -> Device:
    """Windows 11, Azure AD joined: AAD 1098 0xCAA5001C with 1104 0xC000005F."""
    events = [
        event(AAD, 1098, f"2026-11-25T08:{m}:30+01:00", 200 + i, level=2, Error="3399811100",
              ErrorMessage="Token broker operation failed.",
              AdditionalInformation="Operation name: GetTokenSilently")
        for i, m in enumerate(("05", "35"))
    ]  # fmt: skip
    events += [
        event(AAD, 1104, "2026-11-25T08:35:31+01:00", 202, level=2, API="Get token",
              Result="0xC000005F",
              message="AAD Cloud AP plugin call Get token returned error: 0xC000005F")
    ]  # fmt: skip
    return Device("PC-0408", (22631, 4460, "23H2"), events=events)


def account_disabled_6065() -> Device:
    """Windows 10 22H2, hybrid joined: SettingSync 6065 with 80070533 (account disabled)."""
    events = [
        event(SYNC_DEBUG, 6065, "2026-11-25T08:06:12+01:00", 901, level=2,
              Message="Sync could not get a token for the user: 80070533, the account is "
              "currently disabled.")
    ]  # fmt: skip
    return Device("PC-0512", (19045, 5131, "22H2"), domain=True, dc=True, events=events)


def policy_blocks_sync() -> Device:
    """Windows 10 22H2, hybrid joined: Group Policy 'Do not sync' is enabled."""
    path = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"
    extra = {
        "registry/policy-settingsync.reg": reg_file([(path, [dword("DisableSettingSync", 2)])])
    }
    return Device("PC-0620", (19045, 5131, "22H2"), domain=True, dc=True, extra=extra)


def mixed_case_upn() -> Device:
    """Windows 10 1607 (14393.2214), Azure AD joined, a UPN with capitals."""
    return Device("PC-0733", (14393, 2214, None), upn="John.Doe@contoso.com")


def password_mfa() -> Device:
    """Windows 10 22H2, Azure AD joined, password sign-in while MFA is required."""
    events = [
        event(AAD, 1098, f"2026-11-25T08:{m}:10+01:00", 500 + i, level=2, Error="3399614476",
              ErrorMessage="The request requires user interaction.",
              AdditionalInformation="Code: interaction_required Description: AADSTS50076: "
              "multi-factor authentication is required to access this resource.")
        for i, m in enumerate(("04", "34"))
    ]  # fmt: skip
    return Device("PC-0845", (19045, 5131, "22H2"), provider=PASSWORD_PROVIDER, events=events)


@dataclass(frozen=True)
class Demo:
    """One demo bundle: its folder name, the device, the problem as a technician wrote it."""

    name: str
    make: Callable[[], Device]
    problem: str
    flat: bool = False
    utf16: bool = False


DEMOS: tuple[Demo, ...] = (
    Demo("healthy-aad-joined", healthy, "User asks how to check that sync works."),
    Demo("hybrid-not-registered", hybrid_not_registered, "Sync settings page greyed out."),
    Demo("empty-settings-url", empty_settings_url, "Nothing syncs since the device was joined."),
    Demo("1607-sideload-6013", sideload_1607, "Sync stopped after the MDM app rollout.", flat=True),
    Demo(
        "smart-card-sign-in", smart_card, "Sync stopped after smart cards were issued.", utf16=True
    ),
    Demo(
        "event-1098-token-broker",
        token_broker_1098,
        "Settings do not roam; Office asks to sign in.",
    ),
    Demo("event-6065-account-disabled", account_disabled_6065, "Sync stopped last week."),
    Demo("policy-blocks-sync", policy_blocks_sync, "Sync switch is greyed out for everyone."),
    Demo("mixed-case-upn", mixed_case_upn, "Sync stopped after the upgrade to 1607.", flat=True),
    Demo(
        "password-sign-in-mfa", password_mfa, "Sync fails for admins who sign in with a password."
    ),
)


def manifest(demo: Demo, device: Device) -> Manifest:
    """The demo's manifest: a demo producer, the device name and the problem description."""
    problem = {
        "description": demo.problem,
        "users_affected": "one user",
        "devices_affected": "this device; others not checked",
        "first_seen": "2026-11-24 16:00 (W. Europe Standard Time)",
    }
    return Manifest.model_validate(
        {
            "format": "esr-bundle", "version": 1, "created": CREATED,
            "timezone": "W. Europe Standard Time", "computer": device.computer,
            "user": device.user, "context": "user", "producer": PRODUCER, "problem": problem,
        }
    )  # fmt: skip


def build(demo: Demo) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest and members of one demo."""
    device = demo.make()
    text = flat_1607(device) if demo.flat else sectioned(device)
    if demo.utf16:
        text = b"\xff\xfe" + text.decode("ascii").encode("utf-16-le")
    return manifest(demo, device), members(device, text)


def write_all(out: Path) -> list[Path]:
    """(Re)write every demo under `out`, replacing what was there."""
    written = []
    for demo in DEMOS:
        target = out / demo.name
        if target.exists():
            shutil.rmtree(target)
        manifest_, files = build(demo)
        written.append(write_bundle(target, manifest_, files, as_zip=False))
    return written


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    """Write the demos, or with --check compare a fresh build with the committed ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the demos are stale")
    args = parser.parse_args(argv)
    if not args.check:
        for path in write_all(args.out):
            print(path)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write_all(Path(tmp))
        stale = [d.name for d in DEMOS if _tree(Path(tmp) / d.name) != _tree(args.out / d.name)]
    for name in stale:
        print(f"stale: {name} (run scripts/make_demo_bundles.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
