"""The Windows implementation of the OS seam. Importable anywhere: Windows-only modules
(winreg, win32evtlog, the DLLs) are loaded on first use, and tests inject fakes instead."""

from esr_gui.platform.windows.host import WindowsHost

__all__ = ["WindowsHost"]
