"""Knowledge: the reference text behind findings — error codes, events, providers, builds.

What each finding means (title, why, what to do, KB) is its record: `core.diagnose.rules`.

Pure data and lookups (no Qt, no OS access); the GUI and reports read it, the rules cite it.
"""

from esr_gui.core.knowledge.builds import is_server, windows_label
from esr_gui.core.knowledge.code_meanings import (
    AADSTS_CODES,
    ERROR_CODES,
    CodeInfo,
    code_info,
    describe_aadsts,
    describe_code,
)
from esr_gui.core.knowledge.credential_providers import (
    CREDENTIAL_PROVIDERS,
    CredentialProvider,
    credential_provider,
)
from esr_gui.core.knowledge.events import EVENT_MEANINGS, event_meaning
from esr_gui.core.knowledge.remedies import kb_url, remedy_label

__all__ = [
    "AADSTS_CODES",
    "CREDENTIAL_PROVIDERS",
    "ERROR_CODES",
    "EVENT_MEANINGS",
    "CodeInfo",
    "CredentialProvider",
    "code_info",
    "credential_provider",
    "describe_aadsts",
    "describe_code",
    "event_meaning",
    "is_server",
    "kb_url",
    "remedy_label",
    "windows_label",
]
