"""Cross-check of the dsregcmd text against NetGetAadJoinInformation (pure, no OS)."""

from __future__ import annotations

from esr_gui.core.bundle.limits import DSREGCMD
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.errors import EsrError
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from esr_gui.platform.host import AadJoinInfo


def _same_id(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return a.strip("{} ").lower() == b.strip("{} ").lower()


def _join_warnings(facts: DsregFacts, info: AadJoinInfo) -> list[str]:
    warnings: list[str] = []
    api_device = info.join_type == "device"
    if facts.azure_ad_joined is True and not api_device:
        warnings.append(
            "dsregcmd says AzureAdJoined YES, but NetGetAadJoinInformation reports "
            f"join type '{info.join_type}'"
        )
    if facts.azure_ad_joined is False and api_device:
        warnings.append(
            "dsregcmd says AzureAdJoined NO, but NetGetAadJoinInformation reports a device join"
        )
    return warnings


def cross_check(dsregcmd: bytes | None, info: AadJoinInfo | None) -> list[str]:
    """Capture warnings where the dsregcmd text and the join API disagree (empty when they agree).

    Nothing is compared when either side is missing or the API could not tell.
    """
    if dsregcmd is None or info is None or info.join_type == "unknown":
        return []
    try:
        facts = DsregFacts.from_status(parse_dsregcmd(dsregcmd, source=DSREGCMD))
    except EsrError:
        return ["the dsregcmd output could not be parsed, so it was not cross-checked"]
    warnings = _join_warnings(facts, info)
    if info.join_type != "device":
        return warnings
    for label, text_value, api_value in (
        ("TenantId", facts.tenant_id, info.tenant_id),
        ("DeviceId", facts.device_id, info.device_id),
    ):
        if _same_id(text_value, api_value) is False:
            warnings.append(
                f"dsregcmd's {label} differs from the one NetGetAadJoinInformation reports"
            )
    return warnings
