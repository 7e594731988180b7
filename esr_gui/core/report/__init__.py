"""Reports of a diagnosis: the `check --json` document, the Intune line, text and HTML."""
