"""Titles and explanations of the tenant-side findings (Microsoft Graph), in our own words."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

SIGN_IN_HINT = (
    "Sign in with Tools › Check the tenant… (or esr-diag check --tenant) to have it checked."
)
MISSING_GRAPH = "what Microsoft Graph says about it (the tenant was not checked: no graph/ data)"

LICENSE: dict[str, Verdict] = {
    "pass": Verdict(
        "pass",
        "Licence: Entra ID {plan} is assigned to {user}",
        "Microsoft Graph lists the licence {sku} for {user} with the service plan {plan} "
        "provisioned (Success). ESR needs Entra ID P1 or P2 for the user.",
    ),
    "fail": Verdict(
        "fail",
        "Licence: {user} has no Entra ID P1 or P2",
        "Microsoft Graph lists {count} licence(s) for {user}, and none carries an active "
        "Entra ID P1 (AAD_PREMIUM) or P2 (AAD_PREMIUM_P2) service plan. ESR syncs only for "
        "users with one: assign a licence that includes it (Microsoft 365 E3/E5, EMS, or "
        "Entra ID P1/P2) in the Microsoft 365 admin center, then sign out and in on the device.",
    ),
    "unknown": Verdict(
        "unknown",
        "Licence: Microsoft Graph could not tell",
        "The licence could not be read from Microsoft Graph: {problem} {fix}",
    ),
    "other-user": Verdict(
        "unknown",
        "Licence: the licence read belongs to {signed_in}, not to the device's user",
        "{signed_in} signed in to check the tenant and Graph returned that account's own "
        "licences; the device's user is {user}. Check again signed in as {user}, or as an "
        "administrator allowed to read other users.",
    ),
}

DEVICE: dict[str, Verdict] = {
    "pass": Verdict(
        "pass",
        "Device object in Entra ID: present and enabled",
        "Entra ID holds the device object {device_id}: enabled, trust type {trust}, last "
        "sign-in {last}.",
    ),
    "deleted": Verdict(
        "fail",
        "Device object in Entra ID: not found (deleted?)",
        "Microsoft Graph found no device object with the DeviceId {device_id} that this "
        "device reports. It was most likely deleted in Entra ID (by hand or by a clean-up of "
        "stale devices): the device still thinks it is registered, but nothing in the tenant "
        "accepts it, so sign-in tokens and sync fail. Join or register the device again.",
    ),
    "disabled": Verdict(
        "fail",
        "Device object in Entra ID: disabled",
        "The device object {device_id} exists but is disabled (accountEnabled false), so "
        "Entra ID refuses its sign-ins and ESR cannot sync. An administrator enables it in "
        "the Entra admin center (Devices › All devices › the device › Enable), unless it was "
        "disabled on purpose.",
    ),
    "trust-mismatch": Verdict(
        "warn",
        "Device object in Entra ID: trust type {trust} does not match this {join}",
        "The device object {device_id} has the trust type {trust}, but this device reports "
        "itself as {join}, which Entra ID records as {expected}. The object may be left from "
        "an earlier join; leaving and joining again makes them match.",
    ),
    "stale": Verdict(
        "warn",
        "Device object in Entra ID: no sign-in for {days} days",
        "The device object {device_id} last signed in {last}, {days} days before the tenant "
        "was checked. A device that has not signed in for 90 days is often disabled or "
        "deleted by stale-device clean-ups, and it has not refreshed its tokens.",
    ),
    "unknown": Verdict(
        "unknown",
        "Device object in Entra ID: not checked",
        "Whether Entra ID still holds this device could not be read: {problem} {fix}",
    ),
    "no-device-id": Verdict(
        "unknown",
        "Device object in Entra ID: no DeviceId to look up",
        "dsregcmd /status printed no DeviceId, so there is no device object to look up.",
    ),
    "other-device": Verdict(
        "unknown",
        "Device object in Entra ID: the lookup was for another device",
        "The Graph data in this bundle is about the device {looked_up}, not this device's "
        "DeviceId {device_id}. Check the tenant again from this device's data.",
    ),
}

USER: dict[str, Verdict] = {
    "pass": Verdict(
        "pass",
        "User account in Entra ID: enabled",
        "Microsoft Graph shows {user} as enabled{synced}, with the same spelling the device uses.",
    ),
    "disabled": Verdict(
        "fail",
        "User account in Entra ID: disabled",
        "The account {user} is disabled in Entra ID (accountEnabled false): it cannot get "
        "tokens, so nothing syncs. An administrator enables it (for a synced account, in "
        "on-premises Active Directory).",
    ),
    "case": Verdict(
        "warn",
        "User account in Entra ID: the UPN's case differs from the device's",
        "Entra ID spells the user {tenant_upn}; the device uses {device_upn}. On an Azure AD "
        "joined device a UPN whose letters differ in case from the tenant's is a known "
        "cause of sync failures (see the known issue on mixed-case UPNs).",
    ),
    "unknown": Verdict(
        "unknown",
        "User account in Entra ID: not checked",
        "The user account could not be read from Microsoft Graph: {problem} {fix}",
    ),
    "other-user": Verdict(
        "unknown",
        "User account in Entra ID: the account read is {signed_in}, not the device's user",
        "{signed_in} signed in to check the tenant; the device's user is {user}. Check "
        "again signed in as {user}, or as an administrator allowed to read other users.",
    ),
}
