"""NetGetAadJoinInformation through a fake netapi32 that hands out a real DSREG_JOIN_INFO."""

from __future__ import annotations

import ctypes
import hashlib
from types import SimpleNamespace
from typing import Any

import pytest

from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows.aadjoin import (
    CERT_CONTEXT,
    DSREG_JOIN_INFO,
    DSREG_USER_INFO,
    AadJoinReader,
)
from tests.platform.fakes import out

CERT = b"0\x82\x03\x00fake DER certificate bytes"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
DEVICE = "e92325d0-7ac4-4714-88a1-94ae875d5245"


def join_info(join_type: int) -> tuple[DSREG_JOIN_INFO, list[Any]]:
    keep: list[Any] = []
    cert_bytes = (ctypes.c_ubyte * len(CERT)).from_buffer_copy(CERT)
    cert = CERT_CONTEXT(
        1, ctypes.cast(cert_bytes, ctypes.POINTER(ctypes.c_ubyte)), len(CERT), None, None
    )
    user = DSREG_USER_INFO("jdoe@contoso.com", "{ABCDEF01-0000-0000-0000-000000000000}", "keyname")
    info = DSREG_JOIN_INFO()
    info.joinType = join_type
    info.pJoinCertificate = ctypes.pointer(cert)
    info.pszDeviceId = DEVICE
    info.pszIdpDomain = "login.windows.net"
    info.pszTenantId = TENANT
    info.pszJoinUserEmail = "jdoe@contoso.com"
    info.pszTenantDisplayName = "Contoso"
    info.pszUserSettingSyncUrl = "eyJVcmlzIjpbXX0="
    info.pUserInfo = ctypes.pointer(user)
    keep += [cert_bytes, cert, user]
    return info, keep


def fake_netapi(info: DSREG_JOIN_INFO | None, result: int = 0) -> tuple[Any, list[str]]:
    calls: list[str] = []

    def get(tenant: Any, pointer: Any) -> int:
        calls.append("get")
        if info is not None:
            out(pointer).contents = info
        return result

    def free(pointer: Any) -> None:
        calls.append("free")

    return SimpleNamespace(NetGetAadJoinInformation=get, NetFreeAadJoinInformation=free), calls


def test_device_join_is_copied_out_and_freed() -> None:
    info, _keep = join_info(1)
    netapi, calls = fake_netapi(info)
    got = AadJoinReader(netapi).read()
    assert got.join_type == "device"
    assert got.device_id == DEVICE and got.tenant_id == TENANT
    assert got.tenant_display_name == "Contoso"
    assert got.user_setting_sync_url == "eyJVcmlzIjpbXX0="
    assert got.mdm_enrollment_url is None
    assert got.user_email == "jdoe@contoso.com" and got.user_key_name == "keyname"
    assert got.certificate_thumbprint == hashlib.sha1(CERT).hexdigest().upper()
    assert calls == ["get", "free"]


def test_workplace_join() -> None:
    info, _keep = join_info(2)
    assert AadJoinReader(fake_netapi(info)[0]).read().join_type == "workplace"


def test_null_result_means_not_joined_and_nothing_to_free() -> None:
    netapi, calls = fake_netapi(None)
    assert AadJoinReader(netapi).read().join_type == "none"
    assert calls == ["get"]


def test_failure_hresult_is_a_probe_error() -> None:
    netapi, _ = fake_netapi(None, result=-2147024891)  # E_ACCESSDENIED
    with pytest.raises(ProbeError) as info:
        AadJoinReader(netapi).read()
    assert info.value.kind == "error" and "0x80070005" in info.value.message


def test_missing_api_is_unavailable() -> None:
    with pytest.raises(ProbeError) as info:
        AadJoinReader(SimpleNamespace()).read()
    assert info.value.kind == "unavailable"
    assert info.value.message == "NetGetAadJoinInformation is not available on this system"
