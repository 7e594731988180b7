"""Device binding (pure): a device-changing fix runs only from a live capture of this PC made
by this run; a bundle, a paste or a demo, another computer or another DeviceId is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from esr_gui.core.models.snapshot import SourceInfo
from esr_gui.core.remedy import plan_remedy, remedy_ids, spec
from esr_gui.core.remedy.binding import PlanSource, ThisPc, binding_refusal, source_of
from esr_gui.core.remedy.plans import PlanFacts, ProfileRef
from esr_gui.core.snapshot_builder import load_snapshot

REPO = Path(__file__).resolve().parents[2]
HYBRID = REPO / "tests" / "data" / "remedy" / "hybrid-bundle"
NOW = datetime(2026, 11, 25, 9, 14, 3, tzinfo=UTC)
DEVICE = "9f1c2b3a-0000-4e5f-8a9b-1c2d3e4f5a6b"
LIVE = PlanSource(
    kind="live", computer="PC-0042", device_id=DEVICE, captured_at=NOW, run_id="run-1"
)
HERE = ThisPc(
    computer="PC-0042", user="CONTOSO\\jdoe", run_id="run-1", device_id=DEVICE, device_checked=True
)
CHANGING = sorted(r for r in remedy_ids() if spec(r).changes_device)


def test_a_live_capture_of_this_pc_from_this_run_may_run() -> None:
    assert binding_refusal(LIVE, HERE) is None
    short_and_fqdn = LIVE.model_copy(update={"computer": "pc-0042.contoso.com"})
    assert binding_refusal(short_and_fqdn, HERE) is None
    unjoined = LIVE.model_copy(update={"device_id": None})
    assert binding_refusal(unjoined, HERE.model_copy(update={"device_id": None})) is None


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (PlanSource(), "without a capture of this PC"),
        (LIVE.model_copy(update={"kind": "bundle", "path": "D:\\pc-0042.zip"}), "a capture bundle"),
        (LIVE.model_copy(update={"kind": "pasted"}), "pasted dsregcmd"),
        (LIVE.model_copy(update={"kind": "dsregcmd"}), "saved dsregcmd"),
        (LIVE.model_copy(update={"kind": "demo", "path": "mixed-case-upn"}), "demo data"),
        (LIVE.model_copy(update={"run_id": "an-earlier-run"}), "not taken in this run"),
        (LIVE.model_copy(update={"run_id": None}), "not taken in this run"),
        (LIVE.model_copy(update={"computer": "PC-0099"}), "is of PC-0099, and this PC is PC-0042"),
        (LIVE.model_copy(update={"computer": None}), "does not name its computer"),
        (LIVE.model_copy(update={"device_id": "another-id"}), "its join changed"),
        (LIVE.model_copy(update={"device_id": None}), "none (not joined)"),
    ],
)
def test_anything_else_is_refused_with_the_reason(source: PlanSource, words: str) -> None:
    """A bundle of this very PC is refused too: only a capture of this run counts."""
    why = binding_refusal(source, HERE)
    assert why is not None and words in why


@pytest.mark.parametrize(
    ("here", "words"),
    [
        (HERE.model_copy(update={"problem": "dsregcmd.exe timed out"}), "dsregcmd.exe timed out"),
        (HERE.model_copy(update={"computer": None}), "could not be identified"),
        (HERE.model_copy(update={"device_checked": False}), "DeviceId could not be read"),
    ],
)
def test_an_unidentified_pc_is_refused(here: ThisPc, words: str) -> None:
    why = binding_refusal(LIVE, here)
    assert why is not None and words in why


def test_source_of_a_snapshot() -> None:
    bundle = source_of(load_snapshot(HYBRID))
    assert bundle.kind == "bundle" and bundle.computer == "PC-0042" and bundle.run_id is None
    assert bundle.path == str(HYBRID) and bundle.captured_at is not None
    assert source_of(None).kind == "none"
    live = load_snapshot(HYBRID).model_copy(
        update={"source": SourceInfo(kind="live", run_id="run-1", captured_at=NOW)}
    )
    assert binding_refusal(source_of(live), HERE.model_copy(update={"device_id": None})) is None


def facts(source: PlanSource, here: ThisPc = HERE, **extra: object) -> PlanFacts:
    fields: dict[str, object] = {"on_windows": True, "join_type": "hybrid", "backup_dir": "D:\\b"}
    fields.update(source=source, this_pc=here, **extra)
    return PlanFacts.model_validate(fields)


@pytest.mark.parametrize("remedy_id", CHANGING)
def test_device_changing_remedies_are_refused_from_a_bundle(remedy_id: str) -> None:
    bundle = LIVE.model_copy(update={"kind": "bundle", "path": "D:\\pc-0042.zip"})
    plan = plan_remedy(remedy_id, spec(remedy_id).example, facts(bundle))
    assert not plan.runnable and plan.rebind
    assert plan.refusal is not None and "not from this PC" in plan.refusal
    assert plan.source == bundle


def test_remedies_that_change_nothing_stay_available_from_a_demo() -> None:
    demo = PlanSource(kind="demo", path="hybrid-not-registered")
    unchanging = [r for r in remedy_ids() if not spec(r).changes_device]
    assert {"remedy.open-sync-settings", "remedy.open-event-viewer"} <= set(unchanging)
    assert "remedy.broker-plugin-cleanup" in CHANGING and "remedy.dsregcmd-leave" in CHANGING
    for remedy_id in unchanging:
        plan = plan_remedy(remedy_id, spec(remedy_id).example, facts(demo))
        assert plan.runnable and not plan.rebind, (remedy_id, plan.refusal)


def test_the_target_names_the_computer_user_and_profile() -> None:
    plan = plan_remedy("remedy.restart-and-sign-in", {}, facts(LIVE))
    assert plan.target is not None
    assert (plan.target.computer, plan.target.user) == ("PC-0042", "CONTOSO\\jdoe")
    other = ProfileRef(path="C:\\Users\\asmith", sid="S-1-5-21-7", own=False)
    cleanup = plan_remedy("remedy.broker-plugin-cleanup", {}, facts(LIVE, profile=other))
    assert cleanup.target is not None and cleanup.target.profile == "C:\\Users\\asmith"
    assert "asmith" in cleanup.target.user and "S-1-5-21-7" in cleanup.target.user


def test_the_binding_comes_first_and_the_remedys_own_refusal_stays_as_a_note() -> None:
    demo = PlanSource(kind="demo", path="x")
    plan = plan_remedy("remedy.dsregcmd-leave", {}, facts(demo, join_type="azure-ad"))
    assert plan.refusal is not None and "demo data" in plan.refusal
    assert plan.rebind and any("not hybrid" in note for note in plan.notes)
