"""The service connection point in Active Directory, read over LDAP with wldap32 (ctypes).

No extra package and no PowerShell: `ldap_initW(NULL)` finds a domain controller of this
computer's domain, `ldap_bind_sW(..., LDAP_AUTH_NEGOTIATE)` signs in as whoever runs us (any
domain account may read the configuration partition), RootDSE gives
`configurationNamingContext`, and the SCP object
`CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,<it>`
holds `keywords` such as `azureADId:<tenant id>` and `azureADName:<verified domain>`
(learn.microsoft.com/entra/identity/devices/how-to-hybrid-join-verify; DSRegTool test D12).
Every call is bounded by the search time limit; failures say "unknown" and why.
"""

from __future__ import annotations

import ctypes
from typing import Any, Protocol

from esr_gui.core.models.network import ScpRecord
from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows import _win32

SCP_RDN = "CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services"
LDAP_PORT = 389
LDAP_AUTH_NEGOTIATE = 0x0486
LDAP_SCOPE_BASE = 0
LDAP_SUCCESS = 0
LDAP_NO_SUCH_OBJECT = 0x20
LDAP_OPT_PROTOCOL_VERSION = 0x11
SOURCE = "Active Directory (LDAP, configuration partition)"


class NoSuchObjectError(Exception):
    """The object searched for does not exist."""


class LdapApi(Protocol):
    """Reads one attribute of one object (base search); raises NoSuchObjectError/ProbeError."""

    def values(self, base: str, attribute: str) -> list[str]:
        """The attribute's values ([] when the object has none)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def read_scp(api: LdapApi) -> ScpRecord:
    """The SCP's tenant id and name, "not-found" when the forest has none, else "unknown"."""
    try:
        config = api.values("", "configurationNamingContext")
        if not config:
            return ScpRecord(
                state="unknown", source=SOURCE, error="RootDSE names no configuration partition"
            )
        keywords = api.values(f"{SCP_RDN},{config[0]}", "keywords")
    except NoSuchObjectError:
        return ScpRecord(state="not-found", source=SOURCE)
    except ProbeError as exc:
        return ScpRecord(state="unknown", source=SOURCE, error=exc.message)
    finally:
        api.close()
    found: dict[str, str] = {}
    for keyword in keywords:
        key, _, value = keyword.partition(":")
        found.setdefault(key.strip().lower(), value.strip())
    tenant_id, tenant_name = found.get("azureadid"), found.get("azureadname")
    if not tenant_id and not tenant_name:
        return ScpRecord(
            state="not-found", source=SOURCE, error="the SCP object has no azureADId keyword"
        )
    return ScpRecord(state="found", tenant_id=tenant_id, tenant_name=tenant_name, source=SOURCE)


class _Timeval(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long))


class Wldap32(LdapApi):
    """The real LdapApi: one connection to a DC of this computer's domain."""

    def __init__(self, timeout: float = 10.0, dll: Any = None) -> None:
        self.dll = dll or _win32.load_dll("wldap32")
        self.limit = _Timeval(max(1, int(timeout)), 0)
        self._bind_functions()
        self.ld = self._init(None, LDAP_PORT)
        if not self.ld:
            raise ProbeError("unavailable", "no domain controller could be found (ldap_init)")
        version = ctypes.c_ulong(3)
        try:
            self._set_option(self.ld, LDAP_OPT_PROTOCOL_VERSION, ctypes.byref(version))
            self._check(self._connect(self.ld, ctypes.byref(self.limit)), "connecting to a DC")
            self._check(self._bind(self.ld, None, None, LDAP_AUTH_NEGOTIATE), "signing in to AD")
        except (ProbeError, NoSuchObjectError):
            self.close()
            raise

    def _bind_functions(self) -> None:
        p, u, w = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_wchar_p
        bind = _win32.bind
        self._init = bind(self.dll, "ldap_initW", p, w, u)
        self._set_option = bind(self.dll, "ldap_set_optionW", u, p, ctypes.c_int, p)
        self._connect = bind(self.dll, "ldap_connect", u, p, p)
        self._bind = bind(self.dll, "ldap_bind_sW", u, p, w, w, u)
        self._search = bind(self.dll, "ldap_search_stW", u, p, w, u, w, p, u, p, p)
        self._first = bind(self.dll, "ldap_first_entry", p, p, p)
        self._get = bind(self.dll, "ldap_get_valuesW", ctypes.POINTER(w), p, p, w)
        self._count = bind(self.dll, "ldap_count_valuesW", u, ctypes.POINTER(w))
        self._free_values = bind(self.dll, "ldap_value_freeW", u, ctypes.POINTER(w))
        self._free_msg = bind(self.dll, "ldap_msgfree", u, p)
        self._unbind = bind(self.dll, "ldap_unbind", u, p)

    def _check(self, code: int, what: str) -> None:
        if code == LDAP_NO_SUCH_OBJECT:
            raise NoSuchObjectError(what)
        if code != LDAP_SUCCESS:
            raise ProbeError("error", f"{what} failed (LDAP error 0x{code:x})", code=code)

    def values(self, base: str, attribute: str) -> list[str]:
        """A base-scope search for one attribute, bounded by the time limit."""
        attrs = (ctypes.c_wchar_p * 2)(attribute, None)
        result = ctypes.c_void_p()
        code = self._search(
            self.ld,
            base,
            LDAP_SCOPE_BASE,
            "(objectClass=*)",
            ctypes.cast(attrs, ctypes.c_void_p),
            0,
            ctypes.byref(self.limit),
            ctypes.byref(result),
        )
        try:
            self._check(code, f"reading {attribute}")
            entry = self._first(self.ld, result)
            if not entry:
                return []
            raw = self._get(self.ld, entry, attribute)
            if not raw:
                return []
            try:
                return [raw[i] for i in range(self._count(raw))]
            finally:
                self._free_values(raw)
        finally:
            if result:
                self._free_msg(result)

    def close(self) -> None:
        """Unbind (frees the connection)."""
        if self.ld:
            self._unbind(self.ld)
            self.ld = None
