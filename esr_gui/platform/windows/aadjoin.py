"""Join facts from `NetGetAadJoinInformation` (netapi32, lmjoin.h): a locale-free cross-check.

The function fills a pointer to DSREG_JOIN_INFO (NULL: neither joined nor registered), which
`NetFreeAadJoinInformation` releases (esr-facts §3.2).
"""

from __future__ import annotations

import ctypes
import hashlib
from ctypes import wintypes
from typing import Any

from esr_gui.platform.host import AadJoinInfo, JoinKind, ProbeError
from esr_gui.platform.windows._win32 import bind, load_dll

_JOIN_TYPES: dict[int, JoinKind] = {0: "unknown", 1: "device", 2: "workplace"}


class CERT_CONTEXT(ctypes.Structure):  # noqa: N801 (the Windows name)
    """wincrypt.h CERT_CONTEXT (only the encoded certificate is used)."""

    _fields_ = (
        ("dwCertEncodingType", wintypes.DWORD),
        ("pbCertEncoded", ctypes.POINTER(ctypes.c_ubyte)),
        ("cbCertEncoded", wintypes.DWORD),
        ("pCertInfo", ctypes.c_void_p),
        ("hCertStore", ctypes.c_void_p),
    )


class DSREG_USER_INFO(ctypes.Structure):  # noqa: N801
    """lmjoin.h DSREG_USER_INFO."""

    _fields_ = (
        ("pszUserEmail", wintypes.LPWSTR),
        ("pszUserKeyId", wintypes.LPWSTR),
        ("pszUserKeyName", wintypes.LPWSTR),
    )


class DSREG_JOIN_INFO(ctypes.Structure):  # noqa: N801
    """lmjoin.h DSREG_JOIN_INFO."""

    _fields_ = (
        ("joinType", ctypes.c_int),
        ("pJoinCertificate", ctypes.POINTER(CERT_CONTEXT)),
        ("pszDeviceId", wintypes.LPWSTR),
        ("pszIdpDomain", wintypes.LPWSTR),
        ("pszTenantId", wintypes.LPWSTR),
        ("pszJoinUserEmail", wintypes.LPWSTR),
        ("pszTenantDisplayName", wintypes.LPWSTR),
        ("pszMdmEnrollmentUrl", wintypes.LPWSTR),
        ("pszMdmTermsOfUseUrl", wintypes.LPWSTR),
        ("pszMdmComplianceUrl", wintypes.LPWSTR),
        ("pszUserSettingSyncUrl", wintypes.LPWSTR),
        ("pUserInfo", ctypes.POINTER(DSREG_USER_INFO)),
    )


_TEXT_FIELDS = {
    "device_id": "pszDeviceId",
    "idp_domain": "pszIdpDomain",
    "tenant_id": "pszTenantId",
    "join_user_email": "pszJoinUserEmail",
    "tenant_display_name": "pszTenantDisplayName",
    "mdm_enrollment_url": "pszMdmEnrollmentUrl",
    "mdm_terms_of_use_url": "pszMdmTermsOfUseUrl",
    "mdm_compliance_url": "pszMdmComplianceUrl",
    "user_setting_sync_url": "pszUserSettingSyncUrl",
}


def _thumbprint(cert: Any) -> str | None:
    """SHA-1 of the encoded join certificate: what dsregcmd prints as Thumbprint."""
    if not cert:
        return None
    context = cert.contents
    if not context.pbCertEncoded or context.cbCertEncoded == 0:
        return None
    encoded = ctypes.string_at(context.pbCertEncoded, context.cbCertEncoded)
    return hashlib.sha1(encoded, usedforsecurity=False).hexdigest().upper()


def join_info_from_struct(info: DSREG_JOIN_INFO) -> AadJoinInfo:
    """Copy everything out of a DSREG_JOIN_INFO (before it is freed)."""
    values: dict[str, Any] = {
        name: getattr(info, field) or None for name, field in _TEXT_FIELDS.items()
    }
    if info.pUserInfo:
        user = info.pUserInfo.contents
        values["user_email"] = user.pszUserEmail or None
        values["user_key_id"] = user.pszUserKeyId or None
        values["user_key_name"] = user.pszUserKeyName or None
    return AadJoinInfo(
        join_type=_JOIN_TYPES.get(info.joinType, "unknown"),
        certificate_thumbprint=_thumbprint(info.pJoinCertificate),
        **values,
    )


class AadJoinReader:
    """Calls NetGetAadJoinInformation / NetFreeAadJoinInformation (injectable netapi32)."""

    def __init__(self, netapi32: Any = None) -> None:
        self._netapi32 = netapi32

    def read(self) -> AadJoinInfo:
        """The device's join facts; join type "none" when not joined or registered."""
        netapi32 = self._netapi32 or load_dll("netapi32")
        info_pointer = ctypes.POINTER(DSREG_JOIN_INFO)
        get = bind(
            netapi32,
            "NetGetAadJoinInformation",
            ctypes.c_long,
            wintypes.LPCWSTR,
            ctypes.POINTER(info_pointer),
        )
        free = bind(netapi32, "NetFreeAadJoinInformation", None, info_pointer)
        pointer = info_pointer()
        result = int(get(None, ctypes.byref(pointer))) & 0xFFFFFFFF
        if result != 0:
            raise ProbeError(
                "error", f"NetGetAadJoinInformation failed with 0x{result:08X}", code=result
            )
        if not pointer:
            return AadJoinInfo(join_type="none")
        try:
            return join_info_from_struct(pointer.contents)
        finally:
            free(pointer)
