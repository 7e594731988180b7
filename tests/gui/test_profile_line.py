"""The Fix panel's profile line agrees with the plan it sits above (issue 14, item 6)."""

from __future__ import annotations

from esr_gui.core.remedy.planning import plan_remedy
from esr_gui.core.remedy.plans import PlanFacts, ProfileRef
from esr_gui.gui.present_remedy import profile_line

CLEANUP = "remedy.broker-plugin-cleanup"


def test_no_profile_found_is_never_called_your_own() -> None:
    plan = plan_remedy(CLEANUP, {}, PlanFacts(on_windows=False))
    assert plan.facts.profile is None and not plan.runnable
    text, tip = profile_line(plan)
    assert "your own" not in text
    assert text == "Profile: none found — choose one"
    assert "choose" in tip


def test_the_line_names_the_profile_the_plan_works_on() -> None:
    own = ProfileRef(path="C:\\Users\\jdoe", own=True, source="current-user")
    text, tip = profile_line(plan_remedy(CLEANUP, {}, PlanFacts(on_windows=True, profile=own)))
    assert (text, tip) == ("Profile: your own (jdoe)", "C:\\Users\\jdoe")
    other = ProfileRef(path="C:\\Users\\asmith", source="folder")
    text, _ = profile_line(plan_remedy(CLEANUP, {}, PlanFacts(on_windows=True, profile=other)))
    assert text == "Profile: asmith"


def test_before_the_plan_the_line_does_not_promise_a_profile() -> None:
    assert profile_line(None, "D:/profiles/asmith") == ("Profile: asmith", "D:/profiles/asmith")
    assert "looking" in profile_line(None)[0]
