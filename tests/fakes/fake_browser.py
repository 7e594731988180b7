"""A fake system browser: GET the authorize URL, then submit its form to MSAL's listener.

Started in the background by a tiny $BROWSER script; it exits after one round trip or 20 s.
"""

from __future__ import annotations

import re
import sys
from html import unescape

import requests


def main(url: str, ca: str) -> None:
    """Follow the sign-in page to the loopback redirect MSAL listens on."""
    page = requests.get(url, verify=ca, timeout=10)
    action = re.search(r'action="([^"]+)"', page.text)
    if action is None:
        return
    fields = {
        unescape(k): unescape(v)
        for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', page.text)
    }
    target = unescape(action.group(1))
    assert target.startswith(("http://localhost", "http://127.0.0.1")), target  # loopback only
    requests.post(target, data=fields, timeout=10)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
