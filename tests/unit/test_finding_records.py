"""One record per finding id: rules, ranking, areas and docs/findings.md derive from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from esr_gui.core.diagnose import FINDING_IDS, RANKING, RULES
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.record import AREA_TITLES
from esr_gui.core.diagnose.rules import RECORDS, RULE_AREA, finding_record
from esr_gui.core.models.snapshot import Snapshot, SourceInfo

ROOT = Path(__file__).resolve().parents[2]

# Today's ranking, row by row (id, statuses, case): a change to a record's `order` shows here.
PINNED_RANKING = [
    ("input.dsregcmd", ("unknown",), None),
    ("prereq.os-build", ("fail",), None),
    ("join.stage", ("fail",), "join_cause_dc"),
    ("join.stage", ("fail",), "join_cause_scp"),
    ("join.stage", ("fail",), "join_cause_tenant"),
    ("join.stage", ("fail",), "join_cause_tpm"),
    ("join.stage", ("fail",), "join_cause_network"),
    ("join.stage", ("fail",), "join_cause_discovery"),
    ("join.stage", ("fail",), "join_cause_federation"),
    ("join.stage", ("fail",), "join_cause_sync"),
    ("join.stage", ("fail",), "join_cause_replication"),
    ("join.stage", ("fail",), "join_cause_busy"),
    ("prereq.device-joined", ("fail",), "has_registration_code"),
    ("join.stage", ("fail",), "join_cause_never"),
    ("join.stage", ("warn",), "sync_pending"),
    ("prereq.device-joined", ("fail",), "never_joined"),
    ("prereq.device-joined", ("fail",), None),
    ("tenant.device-object", ("fail",), None),
    ("join.device-auth", ("fail",), "device_object_disabled"),
    ("tenant.user-account", ("fail",), None),
    ("join.device-auth", ("fail",), "device_object_deleted"),
    ("join.scp-tenant", ("fail",), None),
    ("join.device-auth", ("fail",), None),
    ("cert.validity", ("fail",), None),
    ("cert.device-key", ("fail",), None),
    ("ki.mdm-sideload-1607", ("fail",), None),
    ("ki.event-6065-account-disabled", ("fail",), None),
    ("ki.event-1098-token-broker", ("fail",), None),
    ("sync.policy-allows", ("fail",), "_registry_decides"),
    ("net.endpoints", ("fail",), None),
    ("ki.domain-offsite", ("warn",), None),
    ("join.device-auth", ("warn",), None),
    ("net.endpoints", ("warn",), None),
    ("reg.wam-not-set", ("fail",), None),
    ("prt.upn-suffix", ("fail",), None),
    ("prt.account", ("fail",), "shows_disabled"),
    ("prt.account", ("fail",), "shows_locked"),
    ("prt.account", ("fail",), "shows_password_expired"),
    ("prt.account", ("fail",), "shows_mfa"),
    ("prt.account", ("fail",), None),
    ("prt.last-attempt", ("fail",), "shows_device"),
    ("prt.last-attempt", ("fail",), "shows_network"),
    ("prt.last-attempt", ("fail",), "shows_federation"),
    ("sync.settings-page-disabled", ("fail",), None),
    ("prt.last-attempt", ("fail",), "shows_access_policy"),
    ("prt.last-attempt", ("fail",), None),
    ("prt.status", ("fail",), None),
    ("prereq.license", ("fail",), None),
    ("prt.freshness", ("fail",), None),
    ("reg.settings-url-empty", ("fail",), None),
    ("ev.sync-service-refused", ("fail",), None),
    ("prereq.esr-enabled", ("fail",), None),
    ("sync.policy-allows", ("fail",), "_event_decides"),
    ("join.state-consistency", ("fail",), None),
    ("reg.status", ("fail",), None),
    ("ev.sync-auth", ("fail",), None),
    ("sync.user-toggles", ("fail",), None),
    ("input.dsregcmd", ("warn",), None),
    ("tenant.device-object", ("warn",), None),
    ("ki.smart-card-sign-in", ("warn",), None),
    ("mfa.password-sign-in", ("warn",), None),
    ("mfa.adfs-token-expired", ("warn",), None),
    ("tenant.user-account", ("warn",), None),
    ("ki.mixed-case-upn", ("warn",), None),
    ("join.state-consistency", ("warn",), None),
    ("sync.same-account", ("warn",), None),
    ("reg.wam-not-set", ("warn",), None),
    ("prt.upn-suffix", ("warn",), None),
    ("prt.last-attempt", ("warn",), None),
    ("reg.status", ("warn",), None),
    ("cert.device-key", ("warn",), None),
    ("prt.freshness", ("warn",), None),
    ("ki.mdm-sideload-1607", ("warn",), None),
    ("ev.sync-throttled", ("warn",), None),
    ("prereq.restart-after-enable", ("warn",), None),
    ("ev.sync-quota", ("warn",), None),
    ("join.scp-tenant", ("warn",), None),
    ("sync.policy-allows", ("warn",), "_event_decides"),
    ("sync.policy-allows", ("warn",), None),
    ("sync.user-toggles", ("warn",), None),
    ("ki.uac-password-sync-1511", ("warn",), None),
    ("ki.ie-favorites-1511", ("warn",), None),
    ("cert.validity", ("warn",), None),
    ("prereq.os-build", ("warn",), None),
    ("ki.wip-no-sync", ("warn",), None),
    ("ki.domain-date-time", ("warn",), None),
    ("capture.context", ("warn",), None),
]


def test_every_id_has_one_record_with_rule_texts_and_docs_row() -> None:
    assert [r.id for r in RECORDS] == list(FINDING_IDS)
    assert len(set(FINDING_IDS)) == len(FINDING_IDS)
    for record in RECORDS:
        assert record.area in AREA_TITLES and RULE_AREA[record.id] == record.area
        texts = (record.name, record.guide, record.meaning, record.why, record.todo, record.docs)
        assert all(t.strip() for t in texts), record.id
        assert finding_record(record.id) is record
    assert [(rule.id, rule.check) for rule in RULES] == [(r.id, r.check) for r in RECORDS]


def test_each_records_rule_answers_for_its_own_id() -> None:
    ctx = DiagContext(Snapshot(source=SourceInfo(kind="pasted")))
    for record in RECORDS:
        assert record.check(ctx).id == record.id


def test_a_known_issue_has_a_fix_word_or_a_kb() -> None:
    for record in RECORDS:
        if record.area == "known-issues":
            assert record.fix_label, record.id
            assert bool(record.kb) == record.fix_label.startswith("KB"), record.id


def test_ranking_is_the_records_rows_in_todays_order() -> None:
    rows = [(r.finding_id, r.statuses, r.when.__name__ if r.when else None) for r in RANKING]
    assert rows == PINNED_RANKING
    orders = [r.order for r in RANKING]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert sum(len(r.ranks) for r in RECORDS) == len(RANKING)


def test_docs_findings_md_is_generated_from_the_records() -> None:
    script = ROOT / "scripts" / "gen_findings_doc.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    for record in RECORDS:
        assert f"| `{record.id}` | {record.docs} |" in text
