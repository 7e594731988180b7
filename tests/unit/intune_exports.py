"""Realistic Intune Remediations device-status exports for the fleet tests.

Lines are the real `esr-diag check --intune` lines of the demo bundles. Layouts: the portal's
Device status view (display names, UTF-8 with BOM, comma), the Graph export job
(DeviceRunStatesByProactiveRemediation field names, UTF-16, semicolon as Import-Csv
-UseCulture writes in many European locales), and an export whose headers are in another
language (the output column is found by its content).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FAIL_1607 = (
    "ESR FAIL | fail: ki.mdm-sideload-1607 | warn: prereq.os-build,ki.domain-date-time | "
    "build=14393.10 join=hybrid | Most likely: 1607 known issue: MDM side-loaded apps stop sync "
    "(event 6013, 0x80070259) -> Install KB3176934 (build 14393.82) or any later cumulative update."
)
OK_LINE = (
    "ESR OK | fail: - | warn: - | build=22631.4460 join=azure-ad | No known cause found -> "
    "Do the manual checks (licence, same account), then the two-device sync test."
)
WARN_MFA = (
    "ESR WARN | fail: - | warn: mfa.password-sign-in | build=19045.5131 join=azure-ad | "
    "Most likely: Password sign-in while Azure AD asks for MFA -> Sign out and sign in with "
    "the Windows Hello PIN instead of the password."
)
UNKNOWN_LINE = (
    "ESR UNKNOWN | fail: - | warn: - | build=? join=unknown | dsregcmd /status could not be "
    "read -> Run the check again as SYSTEM."
)
CUT = OK_LINE[:60]  # the output as Intune keeps it when something cut it
OTHER_SCRIPT = '{"Hostname":"PC-0009","Status":"Compliant"}'

PORTAL_HEADER = [
    "Device name",
    "UPN",
    "Detection status",
    "Remediation status",
    "Pre-remediation detection output",
    "Pre-remediation detection error",
    "Remediation error",
    "Post-remediation detection output",
    "Post-remediation detection error",
    "Last sync time",
    "Last update time",
]


def portal_rows() -> list[list[str]]:
    """PC-0001 fails; PC-0002 ran twice (older FAIL, newer OK); PC-0003 warns; PC-0004 ran
    another script; PC-0005 has no output but an error; PC-0006 was cut short."""

    def row(name: str, output: str, when: str, error: str = "") -> list[str]:
        status = "With issues" if output.startswith("ESR FAIL") else "Without issues"
        return [name, f"{name.lower()}@contoso.com", status, "Not run", output, error, "", "",
                "", when, when]  # fmt: skip

    return [
        row("PC-0001", FAIL_1607, "2026-12-01 08:00:00"),
        row("PC-0002", FAIL_1607, "2026-11-28 08:00:00"),
        row("PC-0002", "Warming up\n" + OK_LINE, "2026-12-02 08:00:00"),
        row("PC-0003", WARN_MFA, "12/03/2026 9:30:00 AM"),
        row("PC-0004", OTHER_SCRIPT, "2026-12-01T10:00:00Z"),
        row("PC-0005", "", "2026-12-01 10:00:00", error="Access is denied."),
        row("PC-0006", CUT, "2026-12-01 11:00:00"),
    ]


def to_csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    """CSV text with every field quoted, as Export-Csv and the portal write it."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [header, *rows]
    )
    return out.getvalue()


def write_portal_export(folder: Path, name: str = "esr-device-status.csv") -> Path:
    """The portal layout, UTF-8 with BOM, comma separated."""
    path = folder / name
    path.write_bytes(to_csv(PORTAL_HEADER, portal_rows()).encode("utf-8-sig"))
    return path


EXPORT_JOB_HEADER = [
    "PostRemediationDetectionScriptOutput",
    "DeviceId",
    "ModifiedTime",
    "PreRemediationDetectionScriptOutput",
    "DetectionStatus",
    "DeviceName",
    "UPN",
    "PreRemediationDetectionScriptError",
]


def write_export_job(folder: Path) -> Path:
    """The Graph export job's field names in another order, UTF-16 LE with BOM, semicolons;
    PC-0002's remediation ran and its post-remediation output is the newer line."""
    rows = [
        ["", "d-1", "2026-12-01T08:00:00Z", FAIL_1607, "3", "PC-0001", "a@contoso.com", ""],
        [WARN_MFA, "d-2", "2026-12-02T08:00:00Z", FAIL_1607, "3", "PC-0002", "b@c.com", ""],
        ["", "d-3", "2026-12-02T09:00:00Z", UNKNOWN_LINE, "3", "Büro-PC", "c@c.com", ""],
    ]
    path = folder / "DeviceRunStatesByProactiveRemediation.csv"
    text = to_csv(EXPORT_JOB_HEADER, rows, delimiter=";")
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def write_localised(folder: Path) -> Path:
    """Headers in another language (our own words, not Intune's): no name matches, the output
    column is found by its content; no device-name and no time column."""
    header = ["Gerät", "Benutzer", "Status", "Ausgabe"]
    rows = [["PC-0001", "a@contoso.com", "Mit Problemen", FAIL_1607]]
    path = folder / "de.csv"
    path.write_bytes(to_csv(header, rows).encode("utf-8"))
    return path
