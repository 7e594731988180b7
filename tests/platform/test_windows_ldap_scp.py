"""The AD SCP lookup: keywords parsed, no SCP, no DC; wldap32 behind a recorded fake."""

from __future__ import annotations

import pytest

from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows.ldap_scp import SCP_RDN, NoSuchObjectError, read_scp

CONFIG = "CN=Configuration,DC=contoso,DC=com"
TENANT = "5f1c9d1e-7b3a-4c2e-9a51-0123456789ab"


class RecordedLdap:
    """Answers base searches from a table recorded on a domain member; None = no such object."""

    def __init__(self, table: dict[tuple[str, str], list[str] | ProbeError | None]) -> None:
        self.table = table
        self.asked: list[tuple[str, str]] = []
        self.closed = False

    def values(self, base: str, attribute: str) -> list[str]:
        self.asked.append((base, attribute))
        answer = self.table.get((base, attribute), [])
        if answer is None:
            raise NoSuchObjectError(base)
        if isinstance(answer, ProbeError):
            raise answer
        return answer

    def close(self) -> None:
        self.closed = True


ROOT = ("", "configurationNamingContext")
SCP = (f"{SCP_RDN},{CONFIG}", "keywords")


def test_the_scp_keywords_give_tenant_id_and_name() -> None:
    api = RecordedLdap({ROOT: [CONFIG], SCP: ["azureADName:contoso.com", f"azureADId:{TENANT}"]})
    record = read_scp(api)
    assert (record.state, record.tenant_id, record.tenant_name) == ("found", TENANT, "contoso.com")
    assert api.asked == [ROOT, SCP] and api.closed


def test_no_scp_object_is_not_found() -> None:
    api = RecordedLdap({ROOT: [CONFIG], SCP: None})
    assert read_scp(api).state == "not-found" and api.closed


def test_an_scp_without_tenant_keywords_is_not_found_with_the_reason() -> None:
    record = read_scp(RecordedLdap({ROOT: [CONFIG], SCP: ["somethingElse:1"]}))
    assert record.state == "not-found" and "azureADId" in (record.error or "")


@pytest.mark.parametrize(
    "table",
    [
        {ROOT: ProbeError("error", "signing in to AD failed (LDAP error 0x51)")},
        {ROOT: []},
    ],
)
def test_ldap_trouble_is_unknown_never_not_found(table: dict) -> None:  # type: ignore[type-arg]
    record = read_scp(RecordedLdap(table))
    assert record.state == "unknown" and record.error
