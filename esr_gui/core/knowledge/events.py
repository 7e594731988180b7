"""(channel, event id) → a short meaning, for the channels a capture reads (data/channels.json).

Meanings are our words for the manifest templates in notes/03 and the ids in esr-facts §3.3.
"""

from __future__ import annotations

SETTINGSYNC_DEBUG = "Microsoft-Windows-SettingSync/Debug"
SETTINGSYNC_OPERATIONAL = "Microsoft-Windows-SettingSync/Operational"
AZURE_DEBUG = "Microsoft-Windows-SettingSync-Azure/Debug"
AZURE_OPERATIONAL = "Microsoft-Windows-SettingSync-Azure/Operational"
CLOUDSTORE_OPERATIONAL = "Microsoft-Windows-CloudStore/Operational"
CLOUDSTORE_INITIALIZATION = "Microsoft-Windows-CloudStore/Initialization"
AAD_OPERATIONAL = "Microsoft-Windows-AAD/Operational"
UDR_ADMIN = "Microsoft-Windows-User Device Registration/Admin"

_SETTINGSYNC_DEBUG: dict[int, str] = {
    6004: "a download session completed",
    6005: "an upload session completed",
    6013: "the remote provider asked to apply a collection (with 80070259: the 1607 "
    "side-loaded-apps known issue)",
    6014: "the sync status changed",
    6016: "connect/disconnect succeeded",
    6047: "a sync was skipped because the collection is not set to roam",
    6051: "sync host diagnostic message",
    6055: "SettingSyncHost.exe was blocked because another instance runs",
    6056: "sync host process information",
    6065: "sync error message (with 80070533: account disabled or credentials expired)",
    6066: "sync warning message",
    6067: "sync verbose message",
    6509: "an internal failure was logged with its HRESULT",
    6515: "settings were synced from the cloud",
    6517: "settings were synced from Windows to the cloud",
    6530: "a collection was blocked from upload",
    6531: "a collection was blocked from download",
    6532: "a storage request completed with an HTTP status",
    6561: "a sync session was aborted: the user account is not connected",
}

_SETTINGSYNC_OPERATIONAL: dict[int, str] = {
    5001: "creating a collection locally failed",
    5002: "creating a collection remotely failed",
    5003: "downloading a collection failed",
    5004: "uploading a collection failed",
    5011: "requesting a sync for a collection failed",
    5012: "the sync at sign-in failed",
    5015: "sign-in sync was skipped (reason given)",
    5017: "connecting or disconnecting sync failed",
    5018: "the sync host process failed to start",
    5503: "the cloud sync provider failed",
    5504: "syncing a collection from the cloud failed",
    5512: "syncing a collection to the cloud failed",
    5515: "the sync server returned an error",
    5516: "a collection is too large to sync",
    5517: "the server blocked updates (too big or too frequent)",
    5519: "the policy document failed to download",
}

_AZURE: dict[int, str] = {
    5001: "a sync API call finished (HRESULT and correlation id given)",
    5002: "getting a token for sync failed or was refused",
    5003: "applying a setting to the cloud failed",
    5011: "initialising the push-notification registrar failed",
    6001: "a sync API call finished (debug detail)",
    6007: "getting a token to check whether sync is enabled failed",
    6013: "the remote provider asked to apply a collection (with 80070259: the 1607 "
    "side-loaded-apps known issue)",
}

_CLOUDSTORE: dict[int, str] = {
    1: "a CloudStore error of the type given (very common, mostly noise)",
}

_AAD: dict[int, str] = {
    1024: "HTTP request status of a token request",
    1025: "HTTP request status of a token request (with the endpoint and correlation id)",
    1081: "Azure AD answered a token request with an OAuth error",
    1082: "a key error",
    1084: "an HTTP transport error (network)",
    1085: "a logon failure",
    1086: "user realm discovery failed",
    1088: "the federation server (WS-Trust) answered with an error",
    1089: "the device is not domain or cloud-domain joined",
    1094: "refreshing the token failed",
    1095: "the refresh token belongs to another user",
    1096: "the refresh token has expired",
    1097: "token broker warning or informational note",
    1098: "token broker error (with 0xCAA5001C: the token broker operation failed)",
    1104: "a Cloud AP plugin call returned an error (0xC000005F with 1098: KB3196528)",
    1105: "a device registration API call returned an error",
}

_UDR: dict[int, str] = {
    # 100-106, 200-206, 212-215: the provider's manifest as published by detection-wiki
    # (microsoft-windows-user-device-registration), in our words.
    100: "the discovery request was sent",
    101: "discovery of the registration service succeeded",
    104: "the join response arrived",
    105: "the join response was processed: the device is registered",
    106: "the post-join tasks of the Azure AD sign-in package completed",
    110: "the registration status was cleared (a leave)",
    200: "sending the discovery request failed (exit code given)",
    201: "discovery of the registration service failed",
    202: "preparing the join request failed (exit code given)",
    203: "sending the join request failed (exit code given)",
    204: "the join request failed",
    205: "processing the join response failed (exit code given)",
    206: "the post-join tasks of the Azure AD sign-in package failed",
    212: "reading or writing the registry failed (code given)",
    213: "the Local Security Authority could not be reached",
    214: "looking up the authentication package in the LSA failed",
    215: "Local Security Authority authentication failed",
    220: "the computer object in AD could not be read",
    304: "automatic registration failed at the join phase",
    305: "automatic registration failed at the authentication phase",
    306: "automatic registration succeeded",
    307: "the registration service (SCP) could not be found in AD",
    308: "joined, but the user did not sign in with an Azure AD account",
    309: "the Azure AD registration service could not be discovered",
    334: "no domain controller could be found for the join",
    360: "Windows Hello for Business provisioning will not start (prerequisites listed)",
}

EVENT_MEANINGS: dict[str, dict[int, str]] = {
    SETTINGSYNC_DEBUG.lower(): _SETTINGSYNC_DEBUG,
    SETTINGSYNC_OPERATIONAL.lower(): _SETTINGSYNC_OPERATIONAL,
    AZURE_DEBUG.lower(): _AZURE,
    AZURE_OPERATIONAL.lower(): _AZURE,
    CLOUDSTORE_OPERATIONAL.lower(): _CLOUDSTORE,
    CLOUDSTORE_INITIALIZATION.lower(): _CLOUDSTORE,
    AAD_OPERATIONAL.lower(): _AAD,
    UDR_ADMIN.lower(): _UDR,
}


# The logs settings sync writes to (the ev.* findings read them all, newest capture layout first).
SYNC_CHANNELS: tuple[str, ...] = (
    SETTINGSYNC_DEBUG,
    SETTINGSYNC_OPERATIONAL,
    AZURE_DEBUG,
    AZURE_OPERATIONAL,
    CLOUDSTORE_OPERATIONAL,
    CLOUDSTORE_INITIALIZATION,
)


def event_meaning(channel: str, event_id: int) -> str | None:
    """What event `event_id` of `channel` means, in a few words, or None if we do not know."""
    return EVENT_MEANINGS.get(channel.strip().lower(), {}).get(event_id)
