"""Credential-provider GUIDs (LogonUI `LastLoggedOnProvider`) → what the user signed in with.

Source: esr-facts §3.5. The kind decides the MFA note (password vs PIN) and the smart-card
known issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ProviderKind = Literal["password", "pin", "biometric", "smartcard", "fido", "other"]


@dataclass(frozen=True)
class CredentialProvider:
    """One credential provider: its GUID (lower case, with braces), name and kind."""

    guid: str
    name: str
    kind: ProviderKind


_PROVIDERS: tuple[CredentialProvider, ...] = (
    CredentialProvider("{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}", "Password", "password"),
    CredentialProvider(
        "{d6886603-9d2f-4eb2-b667-1971041fa96b}", "PIN / Windows Hello (NGC)", "pin"
    ),
    CredentialProvider("{cb82ea12-9f71-446d-89e1-8d0924e1256e}", "PIN (legacy provider)", "pin"),
    CredentialProvider("{8af662bf-65a0-4d0a-a540-a338a999d36f}", "Windows Hello face", "biometric"),
    CredentialProvider(
        "{bec09223-b018-416d-a0ac-523971b639f5}", "Windows Hello fingerprint", "biometric"
    ),
    CredentialProvider("{f8a1793b-7873-4046-b2a7-1f318747f427}", "FIDO security key", "fido"),
    CredentialProvider("{8fd7e19c-3bf7-489b-a72c-846ab3678c96}", "Smart card", "smartcard"),
    CredentialProvider("{94596c7e-3744-41ce-893e-bbf09122f76a}", "Smart card PIN", "smartcard"),
    CredentialProvider(
        "{1b283861-754f-4022-ad47-a5eaaa618894}", "Smart card reader selection", "smartcard"
    ),
    CredentialProvider("{1ee7337f-85ac-45e2-a23c-37c753209769}", "Smart card (WinRT)", "smartcard"),
    CredentialProvider("{c5d7540a-cd51-453b-b22b-05305ba03f07}", "Cloud Experience", "other"),
    CredentialProvider("{f64945df-4fa9-4068-a2fb-61af319edd33}", "Remote Desktop", "other"),
    CredentialProvider(
        "{f8a0b131-5f68-486c-8040-7e8fc3c85bb6}", "Microsoft account (WLID)", "other"
    ),
)

CREDENTIAL_PROVIDERS: dict[str, CredentialProvider] = {p.guid: p for p in _PROVIDERS}

PASSWORD_PROVIDER = "{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}"
SMART_CARD_PROVIDERS: tuple[str, ...] = tuple(p.guid for p in _PROVIDERS if p.kind == "smartcard")


def normalize_guid(text: str) -> str:
    """`{GUID}` in lower case with braces, whatever the printed spelling."""
    core = text.strip().strip("{}").strip().lower()
    return "{" + core + "}"


def credential_provider(guid: str) -> CredentialProvider | None:
    """The provider known for `guid` (any case, braces optional), or None."""
    return CREDENTIAL_PROVIDERS.get(normalize_guid(guid))
