"""Knowledge: the reference text behind findings — meanings, error codes, events, providers.

Pure data and lookups (no Qt, no OS access); the GUI and reports read it, the rules cite it.
"""

from esr_gui.core.knowledge.builds import is_server, windows_label
from esr_gui.core.knowledge.credential_providers import (
    CREDENTIAL_PROVIDERS,
    CredentialProvider,
    credential_provider,
)
from esr_gui.core.knowledge.error_codes import (
    AADSTS_CODES,
    ERROR_CODES,
    CodeInfo,
    code_info,
    describe_aadsts,
    describe_code,
)
from esr_gui.core.knowledge.events import EVENT_MEANINGS, event_meaning
from esr_gui.core.knowledge.findings import (
    AREA_TITLES,
    FINDING_IDS,
    FINDING_KNOWLEDGE,
    Area,
    FindingInfo,
    finding_info,
)
from esr_gui.core.knowledge.remedies import kb_url, remedy_label

__all__ = [
    "AADSTS_CODES",
    "AREA_TITLES",
    "CREDENTIAL_PROVIDERS",
    "ERROR_CODES",
    "EVENT_MEANINGS",
    "FINDING_IDS",
    "FINDING_KNOWLEDGE",
    "Area",
    "CodeInfo",
    "CredentialProvider",
    "FindingInfo",
    "code_info",
    "credential_provider",
    "describe_aadsts",
    "describe_code",
    "event_meaning",
    "finding_info",
    "is_server",
    "kb_url",
    "remedy_label",
    "windows_label",
]
