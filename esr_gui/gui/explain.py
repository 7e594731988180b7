"""Controls explain themselves: a disabled one says why (tooltip, status tip, accessible
description); a toolbar button is named after its action.

`set_available(target, enabled, why_not)` enables or disables an action or a widget. Enabled,
it shows what it does (the tooltip it had from Designer, remembered on the first call);
disabled, it shows why not. A toolbar button of an action gets the same accessible
description, so a screen reader says the reason too.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

WHAT_IT_DOES = "esrWhatItDoes"  # dynamic property: the tooltip to show when enabled


def what_it_does(target: QAction | QWidget) -> str:
    """The enabled tooltip: Designer's, remembered the first time it is asked for."""
    remembered = target.property(WHAT_IT_DOES)
    if remembered is None:
        remembered = target.toolTip()
        target.setProperty(WHAT_IT_DOES, remembered)
    return str(remembered)


def set_available(target: QAction | QWidget, enabled: bool, why_not: str = "") -> None:
    """Enable `target`, or disable it with `why_not` as its tooltip and description."""
    what = what_it_does(target)  # remembered before the first reason replaces it
    text = what if enabled or not why_not else why_not
    target.setEnabled(enabled)
    target.setToolTip(text)
    if isinstance(target, QAction):
        target.setStatusTip(text)
        for widget in target.associatedObjects():
            if isinstance(widget, QWidget):
                widget.setAccessibleDescription("" if enabled else why_not)
    else:
        target.setAccessibleDescription("" if enabled else why_not)


def why_not(target: QAction | QWidget) -> str:
    """The reason shown while `target` is disabled ("" when it is enabled)."""
    return "" if target.isEnabled() else target.toolTip()


def name_toolbar_buttons(bar: QToolBar) -> None:
    """A toolbar button's accessible name is its action's text (without & and …)."""
    for action in bar.actions():
        button = bar.widgetForAction(action)
        if button is not None and action.text():
            button.setAccessibleName(action.text().replace("&", "").removesuffix("…"))
