"""The allow-list: every contract remedy exists, nothing else does, parameters are checked."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from esr_gui.core.diagnose import FINDING_IDS
from esr_gui.core.remedy import (
    RemedyRefusedError,
    UnknownRemedyError,
    plan_remedy,
    remedy_ids,
    spec,
)
from esr_gui.core.remedy.binding import PlanSource, ThisPc
from esr_gui.core.remedy.params import (
    KNOWN_KBS,
    CleanupParams,
    DebugChannelParams,
    KbParams,
    NoParams,
    ViewerChannelParams,
    debug_channels,
    validate_params,
    viewable_channels,
)
from esr_gui.core.remedy.plans import FoundFile, Plan, PlanFacts, ProfileInventory, ProfileRef
from esr_gui.core.remedy.steps import (
    ALLOWED_PROGRAMS,
    SYSTEM32,
    CommandStep,
    LaunchStep,
    OpenStep,
    command_line,
    quote_arg,
)

# contracts/findings.md, "Remedy ids".
CONTRACT_REMEDIES = {
    "remedy.restart-and-sign-in",
    "remedy.sign-out-in",
    "remedy.lock-to-sync",
    "remedy.run-device-join-task",
    "remedy.dsregcmd-leave",
    "remedy.broker-plugin-cleanup",
    "remedy.rejoin-azure-ad",
    "remedy.enable-debug-channel",
    "remedy.disable-debug-channel",
    "remedy.open-sync-settings",
    "remedy.open-event-viewer",
    "remedy.install-update",
    "remedy.connect-corp-network",
    "remedy.update-credentials",
}
# Added beyond the contract's list (a never-joined device joins; it has nothing to disconnect).
NEW_REMEDIES = {"remedy.join-azure-ad"}
SHELL_METACHARACTERS = ["&", "|", ";", "`", "$(", ">", "<", '"', "'", "\n", "%", "^"]


def windows_facts(**extra: object) -> PlanFacts:
    profile = ProfileRef(path="C:\\Users\\jdoe", own=True, source="profile-list")
    package = "C:\\Users\\jdoe\\AppData\\Local\\Packages\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy"
    inventory = ProfileInventory(
        profile_dir=profile.path,
        package_dir=package,
        package_found=True,
        files=(
            FoundFile(
                path=package + "\\Settings\\settings.dat",
                relative="Settings/settings.dat",
                size=3,
                sha256="a" * 64,
            ),
        ),
    )
    fields: dict[str, object] = {
        "on_windows": True,
        "join_type": "hybrid",
        "profile": profile,
        "inventory": inventory,
        "backup_dir": "C:\\Users\\jdoe\\AppData\\Local\\ESR Troubleshooter\\backups",
        "source": PlanSource(kind="live", computer="PC-0042", run_id="run-1"),
        "this_pc": ThisPc(computer="PC-0042", user="jdoe", run_id="run-1", device_checked=True),
    }
    fields.update(extra)
    return PlanFacts.model_validate(fields)


def test_catalog_is_exactly_the_contract_list() -> None:
    assert set(remedy_ids()) == CONTRACT_REMEDIES | NEW_REMEDIES


@pytest.mark.parametrize("remedy_id", sorted(CONTRACT_REMEDIES | NEW_REMEDIES))
def test_every_remedy_plans_and_serialises(remedy_id: str) -> None:
    remedy = spec(remedy_id)
    plan = plan_remedy(remedy_id, remedy.example, windows_facts())
    assert plan.runnable, plan.refusal
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    assert plan.digest() == Plan.model_validate_json(plan.model_dump_json()).digest()
    assert remedy.guidance and remedy.run_does and remedy.title and remedy.summary


@pytest.mark.parametrize("remedy_id", sorted(CONTRACT_REMEDIES | NEW_REMEDIES))
def test_every_command_uses_an_absolute_system32_path(remedy_id: str) -> None:
    remedy = spec(remedy_id)
    params = dict(remedy.example)
    if remedy_id == "remedy.broker-plugin-cleanup":
        params["stop_broker"] = "true"
    plan = plan_remedy(remedy_id, params, windows_facts())
    for step in plan.steps:
        if isinstance(step, CommandStep | LaunchStep):
            assert step.program.startswith(SYSTEM32 + "\\")
            assert step.exe_name in ALLOWED_PROGRAMS
            assert step.argv[0] == step.program
            assert all(isinstance(a, str) for a in step.args)


@pytest.mark.parametrize("remedy_id", sorted(CONTRACT_REMEDIES | NEW_REMEDIES))
def test_targets_and_links_name_real_ids(remedy_id: str) -> None:
    remedy = spec(remedy_id)
    assert set(remedy.targets) <= set(FINDING_IDS)
    assert set(remedy.related) <= CONTRACT_REMEDIES | NEW_REMEDIES


@pytest.mark.parametrize("kb", KNOWN_KBS)
def test_install_update_targets_are_finding_ids(kb: str) -> None:
    plan = plan_remedy("remedy.install-update", {"kb": kb}, windows_facts())
    assert plan.targets and set(plan.targets) <= set(FINDING_IDS)


@pytest.mark.parametrize(
    "bad", ["remedy.nope", "", "remedy.broker-plugin-cleanup; rm -rf /", "cmd.exe"]
)
def test_unknown_ids_are_refused(bad: str) -> None:
    with pytest.raises(UnknownRemedyError, match="not a remedy this tool knows"):
        plan_remedy(bad, {}, windows_facts())


def test_unknown_parameter_is_refused_with_what_it_takes() -> None:
    with pytest.raises(RemedyRefusedError, match="does not take 'colour'.*it takes: kb"):
        plan_remedy("remedy.install-update", {"kb": "KB3176934", "colour": "red"}, windows_facts())
    with pytest.raises(RemedyRefusedError, match="no parameters"):
        plan_remedy("remedy.lock-to-sync", {"x": "1"}, windows_facts())


def test_missing_parameter_is_refused() -> None:
    with pytest.raises(RemedyRefusedError, match="needs channel"):
        plan_remedy("remedy.enable-debug-channel", {}, windows_facts())


@pytest.mark.parametrize(
    "channel",
    [
        "Microsoft-Windows-AAD/Operational",  # in the capture list, but not a Debug channel
        "Security",
        "Microsoft-Windows-SettingSync/Debug /e:false",
        "Microsoft-Windows-SettingSync/Debug & calc.exe",
        "../Microsoft-Windows-SettingSync/Debug",
    ],
)
def test_debug_channel_outside_the_list_is_refused(channel: str) -> None:
    with pytest.raises(RemedyRefusedError, match="not one of the debug channels"):
        plan_remedy("remedy.enable-debug-channel", {"channel": channel}, windows_facts())


@pytest.mark.parametrize("kb", ["KB123", "KB3176934 & calc", "3176934x", "KB0000000", "kb"])
def test_kb_outside_the_set_is_refused(kb: str) -> None:
    with pytest.raises(RemedyRefusedError, match="not one of the KB articles"):
        plan_remedy("remedy.install-update", {"kb": kb}, windows_facts())


def test_known_values_are_matched_case_insensitively_and_normalised() -> None:
    params = validate_params("x", KbParams, {"kb": " kb3176934 "})
    assert isinstance(params, KbParams) and params.kb == "KB3176934"
    channel = validate_params(
        "x", DebugChannelParams, {"channel": "microsoft-windows-settingsync/debug"}
    )
    assert isinstance(channel, DebugChannelParams)
    assert channel.channel == "Microsoft-Windows-SettingSync/Debug"


def test_cleanup_option_accepts_only_booleans() -> None:
    assert validate_params("x", CleanupParams, {"stop_broker": "true"}) == CleanupParams(
        stop_broker=True
    )
    with pytest.raises(RemedyRefusedError):
        validate_params("x", CleanupParams, {"stop_broker": "please"})


def test_steps_refuse_programs_and_pages_outside_the_allow_list() -> None:
    with pytest.raises(ValidationError):
        CommandStep(purpose="x", program="C:\\Windows\\System32\\cmd.exe", args=("/c", "dir"))
    with pytest.raises(ValidationError):
        CommandStep(purpose="x", program=f"{SYSTEM32}\\powershell.exe")
    with pytest.raises(ValidationError):
        CommandStep(purpose="x", program=f"{SYSTEM32}\\..\\evil\\dsregcmd.exe")
    with pytest.raises(ValidationError):
        OpenStep(purpose="x", uri="https://example.com/")
    with pytest.raises(ValidationError):
        OpenStep(purpose="x", uri="file:///C:/Windows/System32/cmd.exe")


def test_quote_arg_follows_the_c_runtime_rules() -> None:
    assert quote_arg("/leave") == "/leave"
    assert quote_arg("\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join") == (
        '"\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join"'
    )
    assert quote_arg("/c:Microsoft-Windows-User Device Registration/Admin") == (
        '/c:"Microsoft-Windows-User Device Registration/Admin"'
    )
    assert command_line(("sl", "A/Debug", "/e:true")) == "sl A/Debug /e:true"


@given(st.text(max_size=80))
def test_arbitrary_channel_text_only_passes_when_it_names_a_listed_channel(text: str) -> None:
    for schema, allowed in (
        (DebugChannelParams, debug_channels()),
        (ViewerChannelParams, viewable_channels()),
    ):
        try:
            params = validate_params("x", schema, {"channel": text})
        except RemedyRefusedError:
            assert text.strip().casefold() not in {c.casefold() for c in allowed}
            continue
        assert params.channel in allowed  # type: ignore[attr-defined]
        assert text.strip().casefold() == params.channel.casefold()  # type: ignore[attr-defined]


@given(st.text(max_size=40))
def test_arbitrary_kb_text_only_passes_when_it_is_a_known_kb(text: str) -> None:
    try:
        params = validate_params("x", KbParams, {"kb": text})
    except RemedyRefusedError:
        return
    assert isinstance(params, KbParams) and params.kb in KNOWN_KBS


@given(
    st.dictionaries(
        st.text(alphabet=string.ascii_letters + "_-;&|$", min_size=1, max_size=12),
        st.text(max_size=20),
        min_size=1,
        max_size=3,
    )
)
def test_arbitrary_keys_never_reach_a_remedy(raw: dict[str, str]) -> None:
    for schema in (NoParams, KbParams, DebugChannelParams, ViewerChannelParams, CleanupParams):
        extra = set(raw) - set(schema.model_fields)
        if not extra:
            continue
        with pytest.raises(RemedyRefusedError):
            validate_params("x", schema, raw)


@given(
    st.sampled_from(sorted(debug_channels())),
    st.sampled_from(SHELL_METACHARACTERS),
    st.text(max_size=10),
)
def test_a_listed_channel_with_shell_metacharacters_never_gets_through(
    channel: str, meta: str, tail: str
) -> None:
    """Either refused, or (surrounding blanks only) reduced to the listed spelling itself."""
    try:
        params = validate_params("x", DebugChannelParams, {"channel": f"{channel}{meta}{tail}"})
    except RemedyRefusedError:
        return
    assert isinstance(params, DebugChannelParams)
    assert params.channel == channel
    assert (meta + tail).strip() == ""
