"""Windows build numbers → the names technicians use (esr-facts §3.5 build map)."""

from __future__ import annotations

from esr_gui.core.models.snapshot import OsBuild

# Build → version as Windows names it (Windows 10 before 22000, Windows 11 from 22000).
VERSION_OF_BUILD: dict[int, str] = {
    10240: "1507",
    10586: "1511",
    14393: "1607",
    15063: "1703",
    16299: "1709",
    17134: "1803",
    17763: "1809",
    18362: "1903",
    18363: "1909",
    19041: "2004",
    19042: "20H2",
    19043: "21H1",
    19044: "21H2",
    19045: "22H2",
    22000: "21H2",
    22621: "22H2",
    22631: "23H2",
    26100: "24H2",
}
SERVER_OF_BUILD: dict[int, str] = {14393: "2016", 17763: "2019", 20348: "2022", 26100: "2025"}

MIN_BUILD_GUIDE = 10586  # the guide's minimum (Windows 10 1511)
MIN_BUILD_FAQ = 19044  # the current FAQ: Windows 10 21H2 or newer
MIN_BUILD_DOCS = 19045  # the current troubleshooting page: Windows 10 22H2
FIRST_WINDOWS_11 = 22000
FIRST_SECTIONED_DSREGCMD = 17134  # dsregcmd's boxed Device Details/Tenant Details layout: 1803+


LAST_RELEASE_ID = "2009"  # ReleaseId stopped at 2009 (20H2); later releases keep printing it


def builds_of_version(name: str | None) -> tuple[int, ...]:
    """The builds a DisplayVersion (`22H2`) or ReleaseId (`1607`) can stand for, lowest first.

    `22H2` is Windows 10 19045 or Windows 11 22621; ReleaseId `2009` is frozen, so it means
    20H2 or any later release. Empty for a name this table does not know.
    """
    word = (name or "").strip().upper()
    if not word:
        return ()
    if word == LAST_RELEASE_ID:
        return tuple(b for b in sorted(VERSION_OF_BUILD) if b >= 19042)
    return tuple(sorted(b for b, v in VERSION_OF_BUILD.items() if v.upper() == word))


def is_server(build: OsBuild) -> bool:
    """Whether EditionID or ProductName names a Server edition (ESR supports client SKUs only)."""
    names = f"{build.edition_id or ''} {build.product_name or ''}".lower()
    return "server" in names


def windows_label(build: OsBuild) -> str:
    """`Windows 10 1607 (14393.10)`, `Windows 11 23H2 (22631.4460)`, `Windows Server 2016 (…)`."""
    if is_server(build):
        year = SERVER_OF_BUILD.get(build.build)
        family = f"Windows Server {year}" if year else "Windows Server"
        return f"{family} ({build})"
    family = "Windows 11" if build.is_windows11 else "Windows 10"
    version = build.display_version or VERSION_OF_BUILD.get(build.build) or build.release_id
    if build.build < 10240:
        family = "Windows (before Windows 10)"
    return f"{family} {version} ({build})" if version else f"{family} ({build})"
