"""The wldap32 binding driven by a recorded stand-in DLL (a domain member's answers)."""

from __future__ import annotations

import ctypes
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows.ldap_scp import (
    LDAP_AUTH_NEGOTIATE,
    LDAP_NO_SUCH_OBJECT,
    SCP_RDN,
    Wldap32,
    read_scp,
)

CONFIG = "CN=Configuration,DC=contoso,DC=com"
KEYWORDS = ["azureADName:contoso.com", "azureADId:5f1c9d1e-7b3a-4c2e-9a51-0123456789ab"]


def fake_dll(directory: dict[str, dict[str, list[str]] | None], *, bind_code: int = 0) -> Any:
    """wldap32 answering base searches from `directory` (None: no such object)."""
    calls: list[str] = []
    state: dict[str, Any] = {"entry": None, "kept": []}

    def search(*args: Any) -> int:  # ld, base, scope, filter, attrs, only, limit, result
        base, result = args[1], args[7]
        calls.append(f"search {base!r}")
        entry = directory.get(base)
        if entry is None:
            return LDAP_NO_SUCH_OBJECT
        state["entry"] = entry
        result._obj.value = 77
        return 0

    def get_values(ld: Any, entry: Any, attribute: str) -> Any:
        values = state["entry"].get(attribute, [])
        array = (ctypes.c_wchar_p * (len(values) + 1))(*values, None)
        state["kept"].append(array)
        return ctypes.cast(array, ctypes.POINTER(ctypes.c_wchar_p))

    def count(raw: Any) -> int:
        n = 0
        while raw[n] is not None:
            n += 1
        return n

    def record(text: str, value: int) -> int:
        calls.append(text)
        return value

    def bind(ld: Any, who: Any, cred: Any, method: int) -> int:
        calls.append(f"bind {method:#x}")
        return bind_code

    return SimpleNamespace(
        calls=calls,
        ldap_initW=lambda host, port: record(f"init {host} {port}", 1),
        ldap_set_optionW=lambda ld, opt, value: 0,
        ldap_connect=lambda ld, tv: 0,
        ldap_bind_sW=bind,
        ldap_search_stW=search,
        ldap_first_entry=lambda ld, res: 5,
        ldap_get_valuesW=get_values,
        ldap_count_valuesW=count,
        ldap_value_freeW=lambda raw: record("free values", 0),
        ldap_msgfree=lambda res: record("free message", 0),
        ldap_unbind=lambda ld: record("unbind", 0),
    )


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a stand-in for wldap32")


def test_the_scp_is_read_through_rootdse_and_everything_is_freed() -> None:
    dll = fake_dll(
        {
            "": {"configurationNamingContext": [CONFIG]},
            f"{SCP_RDN},{CONFIG}": {"keywords": KEYWORDS},
        }
    )
    record = read_scp(Wldap32(dll=dll))
    assert record.state == "found" and record.tenant_name == "contoso.com"
    assert dll.calls[:2] == ["init None 389", f"bind {LDAP_AUTH_NEGOTIATE:#x}"]
    assert dll.calls.count("free values") == 2 and dll.calls.count("free message") == 2
    assert dll.calls[-1] == "unbind"


def test_a_forest_without_the_scp_object_is_not_found() -> None:
    dll = fake_dll({"": {"configurationNamingContext": [CONFIG]}})
    assert read_scp(Wldap32(dll=dll)).state == "not-found"
    assert dll.calls[-1] == "unbind"


def test_a_refused_sign_in_is_a_probe_error() -> None:
    with pytest.raises(ProbeError) as caught:
        Wldap32(dll=fake_dll({}, bind_code=0x31))
    assert "signing in to AD" in caught.value.message and "0x31" in caught.value.message


def test_a_refused_sign_in_still_releases_the_connection() -> None:
    dll = fake_dll({}, bind_code=0x31)
    with pytest.raises(ProbeError):
        Wldap32(dll=dll)
    assert dll.calls[-1] == "unbind"
