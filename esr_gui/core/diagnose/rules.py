"""The rule registry: one rule per finding id, in the order of contracts/findings.md."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Rule
from esr_gui.core.diagnose.input_check import check_input_dsregcmd
from esr_gui.core.diagnose.ki_builds import (
    check_ie_favorites,
    check_mdm_sideload,
    check_uac_password_sync,
    check_wip,
)
from esr_gui.core.diagnose.ki_device import (
    check_domain_date_time,
    check_domain_offsite,
    check_mixed_case_upn,
    check_smart_card,
)
from esr_gui.core.diagnose.ki_events import check_event_1098, check_event_6065
from esr_gui.core.diagnose.mfa import check_adfs_token_expired, check_password_sign_in
from esr_gui.core.diagnose.prereq import (
    check_device_joined,
    check_esr_enabled,
    check_license,
    check_os_build,
    check_restart_after_enable,
)
from esr_gui.core.diagnose.registration import (
    check_reg_status,
    check_settings_url_empty,
    check_wam_not_set,
)
from esr_gui.core.diagnose.verify_sync import (
    check_policy_allows,
    check_same_account,
    check_settings_page,
    check_two_device_test,
    check_user_toggles,
)

RULES: tuple[Rule, ...] = (
    Rule("input.dsregcmd", "checklist", check_input_dsregcmd),
    Rule("prereq.os-build", "checklist", check_os_build),
    Rule("prereq.device-joined", "checklist", check_device_joined),
    Rule("prereq.esr-enabled", "checklist", check_esr_enabled),
    Rule("prereq.license", "checklist", check_license),
    Rule("prereq.restart-after-enable", "checklist", check_restart_after_enable),
    Rule("sync.policy-allows", "verify-sync", check_policy_allows),
    Rule("sync.user-toggles", "verify-sync", check_user_toggles),
    Rule("sync.settings-page-disabled", "verify-sync", check_settings_page),
    Rule("sync.same-account", "verify-sync", check_same_account),
    Rule("sync.two-device-test", "verify-sync", check_two_device_test),
    Rule("reg.status", "registration", check_reg_status),
    Rule("reg.wam-not-set", "registration", check_wam_not_set),
    Rule("reg.settings-url-empty", "registration", check_settings_url_empty),
    Rule("mfa.password-sign-in", "mfa", check_password_sign_in),
    Rule("mfa.adfs-token-expired", "mfa", check_adfs_token_expired),
    Rule("ki.mdm-sideload-1607", "known-issues", check_mdm_sideload),
    Rule("ki.ie-favorites-1511", "known-issues", check_ie_favorites),
    Rule("ki.wip-no-sync", "known-issues", check_wip),
    Rule("ki.domain-date-time", "known-issues", check_domain_date_time),
    Rule("ki.uac-password-sync-1511", "known-issues", check_uac_password_sync),
    Rule("ki.smart-card-sign-in", "known-issues", check_smart_card),
    Rule("ki.domain-offsite", "known-issues", check_domain_offsite),
    Rule("ki.mixed-case-upn", "known-issues", check_mixed_case_upn),
    Rule("ki.event-6065-account-disabled", "known-issues", check_event_6065),
    Rule("ki.event-1098-token-broker", "known-issues", check_event_1098),
)
FINDING_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)
RULE_AREA = {rule.id: rule.area for rule in RULES}
