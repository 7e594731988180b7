"""ESR Troubleshooter: checks, explains and fixes Enterprise State Roaming problems."""

__version__ = "0.4.0"
