"""The registry: every finding record, in the order of contracts/findings.md.

Each record sits beside its rule in the rule's module; this list is the one place that says
which findings exist and in which order they are reported. The rules, `FINDING_IDS`, the
areas and the headline ranking are all derived from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from esr_gui.core.diagnose import (
    capture_trust,
    cert_device,
    ev_summary,
    ev_sync,
    input_check,
    join_device,
    join_stage,
    ki_builds,
    ki_device,
    ki_events,
    mfa,
    network,
    prereq,
    prt_causes,
    prt_status,
    registration,
    scp,
    tenant,
    verify_sync,
)
from esr_gui.core.diagnose.base import Rule
from esr_gui.core.diagnose.record import Area, FindingRecord, Rank
from esr_gui.core.models.findings import Finding

RECORDS: tuple[FindingRecord, ...] = (
    input_check.INPUT_RECORD,
    capture_trust.CONTEXT_RECORD,
    prereq.OS_BUILD_RECORD,
    prereq.DEVICE_JOINED_RECORD,
    prereq.ESR_ENABLED_RECORD,
    prereq.LICENSE_RECORD,
    prereq.RESTART_AFTER_ENABLE_RECORD,
    verify_sync.POLICY_ALLOWS_RECORD,
    verify_sync.USER_TOGGLES_RECORD,
    verify_sync.SETTINGS_PAGE_DISABLED_RECORD,
    verify_sync.SAME_ACCOUNT_RECORD,
    verify_sync.TWO_DEVICE_TEST_RECORD,
    registration.STATUS_RECORD,
    registration.WAM_NOT_SET_RECORD,
    registration.SETTINGS_URL_EMPTY_RECORD,
    scp.SCP_TENANT_RECORD,
    join_device.DEVICE_AUTH_RECORD,
    join_stage.JOIN_STAGE_RECORD,
    join_device.STATE_CONSISTENCY_RECORD,
    cert_device.VALIDITY_RECORD,
    cert_device.DEVICE_KEY_RECORD,
    prt_status.STATUS_RECORD,
    prt_causes.LAST_ATTEMPT_RECORD,
    prt_causes.UPN_SUFFIX_RECORD,
    prt_causes.ACCOUNT_RECORD,
    prt_status.FRESHNESS_RECORD,
    prt_status.ENTERPRISE_RECORD,
    mfa.PASSWORD_SIGN_IN_RECORD,
    mfa.ADFS_TOKEN_EXPIRED_RECORD,
    ki_builds.MDM_SIDELOAD_1607_RECORD,
    ki_builds.IE_FAVORITES_1511_RECORD,
    ki_builds.WIP_NO_SYNC_RECORD,
    ki_device.DOMAIN_DATE_TIME_RECORD,
    ki_builds.UAC_PASSWORD_SYNC_1511_RECORD,
    ki_device.SMART_CARD_SIGN_IN_RECORD,
    ki_device.DOMAIN_OFFSITE_RECORD,
    ki_device.MIXED_CASE_UPN_RECORD,
    ki_events.EVENT_6065_ACCOUNT_DISABLED_RECORD,
    ki_events.EVENT_1098_TOKEN_BROKER_RECORD,
    tenant.DEVICE_OBJECT_RECORD,
    tenant.USER_ACCOUNT_RECORD,
    network.ENDPOINTS_RECORD,
    ev_sync.SYNC_SERVICE_REFUSED_RECORD,
    ev_sync.SYNC_AUTH_RECORD,
    ev_sync.SYNC_THROTTLED_RECORD,
    ev_sync.SYNC_QUOTA_RECORD,
    ev_summary.SYNC_LOG_ERRORS_RECORD,
)

FINDING_RECORDS: dict[str, FindingRecord] = {record.id: record for record in RECORDS}
FINDING_IDS: tuple[str, ...] = tuple(FINDING_RECORDS)
RULES: tuple[Rule, ...] = tuple(Rule(r.id, r.area, r.check) for r in RECORDS)
RULE_AREA: dict[str, Area] = {record.id: record.area for record in RECORDS}
KNOWN_ISSUE_IDS: tuple[str, ...] = tuple(r.id for r in RECORDS if r.area == "known-issues")


def finding_record(finding_id: str) -> FindingRecord | None:
    """The record of `finding_id`, or None for an id we do not know."""
    return FINDING_RECORDS.get(finding_id)


def not_checked(finding: Finding) -> bool:
    """True for an opt-in check (tenant, network) left unknown because it was not run."""
    record = FINDING_RECORDS.get(finding.id)
    return finding.status == "unknown" and record is not None and record.opt_in


def missing_data(findings: Iterable[Finding]) -> list[str]:
    """Ids of the checks that had too little data in the capture (opt-in checks not run are
    not counted: nothing was missing from the capture for them)."""
    return [f.id for f in findings if f.status == "unknown" and not not_checked(f)]


def ranking(records: tuple[FindingRecord, ...] = RECORDS) -> tuple[Rank, ...]:
    """Every record's ranking rows, each with its finding id, in `order` (the headline's table)."""
    rows = [replace(rank, finding_id=r.id) for r in records for rank in r.ranks]
    orders = [row.order for row in rows]
    if len(orders) != len(set(orders)):
        raise ValueError("two ranking rows share an order number")
    return tuple(sorted(rows, key=lambda row: row.order))
