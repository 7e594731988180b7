"""A small painted timeline: errors and warnings per time slot over the capture window.

Errors are solid bars, warnings hatched (so the two differ without colour); a legend names
them. Click a slot (or use ←/→) to filter the events table to it; Esc or a second click clears.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from esr_gui.core.models.events import Event
from esr_gui.gui.slices import AT_ONCE_ITEMS, Slices, in_steps, run_to_end

SLOTS = 48
STEP_EVENTS = 2_000  # events per step when many are counted (gui/slices.py)
COUNTING = "Counting errors and warnings over time…"
ERROR_COLOUR = QColor("#c62828")
WARN_COLOUR = QColor("#d08a00")
LEGEND_HEIGHT = 16
AXIS_HEIGHT = 16
TIMELINE_HEIGHT = 80  # bars of about 44 pixels between the legend and the axis


@dataclass(frozen=True)
class Slot:
    """One time slot and what happened in it."""

    start: datetime
    end: datetime
    errors: int
    warnings: int


def build_slots(events: list[Event], slots: int = SLOTS) -> list[Slot]:
    """Errors (level 1-2) and warnings (level 3) per slot between the first and last event."""
    return run_to_end(slot_steps(events, slots))


def slot_steps(events: list[Event], slots: int = SLOTS) -> Generator[None, None, list[Slot]]:
    """`build_slots` in steps of STEP_EVENTS events (a generator: see gui/slices.py)."""
    timed: list[tuple[float, int | None]] = []
    for part in in_steps(events, STEP_EVENTS):
        timed.extend((_stamp(e.time), e.level) for e in part if e.time)
        yield
    if not timed:
        return []
    first = min(t for t, _ in timed)
    span = max(max(t for t, _ in timed) - first, slots * 60.0)  # at least a minute a slot
    width = span / slots
    counts = [[0, 0] for _ in range(slots)]
    for pairs in in_steps(timed, STEP_EVENTS):
        for moment, level in pairs:
            i = min(int((moment - first) / width), slots - 1)
            if level in (1, 2):
                counts[i][0] += 1
            elif level == 3:
                counts[i][1] += 1
        yield
    origin = datetime.fromtimestamp(first, UTC)
    step = timedelta(seconds=width)
    return [
        Slot(origin + step * i, origin + step * (i + 1), errs, warns)
        for i, (errs, warns) in enumerate(counts)
    ]


def _stamp(moment: datetime) -> float:
    return _aware(moment).timestamp()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class TimelineWidget(QWidget):
    """Painted bars; `slot_selected(start, end)` or `slot_cleared()` when the user picks."""

    slot_selected = Signal(object, object)
    slot_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slots: list[Slot] = []
        self._selected: int | None = None
        self._zone: tzinfo | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._building = Slices(self)  # many events are counted between event-loop turns

    def sizeHint(self) -> QSize:  # noqa: N802
        """Wide and short."""
        return QSize(600, TIMELINE_HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Still readable when squeezed."""
        return QSize(200, TIMELINE_HEIGHT)

    def set_events(self, events: list[Event], zone: tzinfo | None = None) -> None:
        """Recompute the slots and clear the selection; times read in `zone` (the device's
        clock, as in the table) when given."""
        self._zone = zone
        self._selected = None
        self._slots = []
        self._building.start(self._build(events), at_once=len(events) <= AT_ONCE_ITEMS)
        if self._building.busy():
            self.setAccessibleDescription(COUNTING)
            self.update()

    def busy(self) -> bool:
        """The slots are still being counted."""
        return self._building.busy()

    def _build(self, events: list[Event]) -> Iterator[None]:
        self._slots = yield from slot_steps(events)
        self._selected = None
        self._describe()

    def _describe(self) -> None:
        errors = sum(s.errors for s in self._slots)
        warnings = sum(s.warnings for s in self._slots)
        self.setAccessibleDescription(
            f"{errors} errors and {warnings} warnings over the capture window"
        )
        self.update()

    def slots(self) -> list[Slot]:
        """The current slots (for tests)."""
        return list(self._slots)

    def _bars_rect(self) -> QRectF:
        return QRectF(
            4, LEGEND_HEIGHT + 2, self.width() - 8, self.height() - LEGEND_HEIGHT - AXIS_HEIGHT - 4
        )

    def _slot_at(self, x: float) -> int | None:
        rect = self._bars_rect()
        if not self._slots or not rect.left() <= x <= rect.right():
            return None
        return min(int((x - rect.left()) / rect.width() * len(self._slots)), len(self._slots) - 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Legend, bars, selection and time axis."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        painter.setPen(text_colour)
        if not self._slots:
            empty = COUNTING if self._building.busy() else "No timed events in this capture."
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, empty)
            return
        self._paint_legend(painter, text_colour)
        self._paint_bars(painter)
        self._paint_axis(painter, text_colour)

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        errors = sum(s.errors for s in self._slots)
        warnings = sum(s.warnings for s in self._slots)
        painter.fillRect(QRectF(6, 3, 10, 10), ERROR_COLOUR)
        painter.setPen(text)
        painter.drawText(QPointF(20, 12), f"Errors ({errors})")
        painter.fillRect(QRectF(110, 3, 10, 10), QBrush(WARN_COLOUR, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(WARN_COLOUR))
        painter.drawRect(QRectF(110, 3, 10, 10))
        painter.setPen(text)
        hint = "click a bar to filter; Esc clears"
        painter.drawText(QPointF(124, 12), f"Warnings ({warnings})  ·  {hint}")

    def _paint_bars(self, painter: QPainter) -> None:
        rect = self._bars_rect()
        peak = max((s.errors + s.warnings for s in self._slots), default=0) or 1
        width = rect.width() / len(self._slots)
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        for i, slot in enumerate(self._slots):
            x = rect.left() + i * width
            if i == self._selected:
                painter.fillRect(
                    QRectF(x, rect.top(), width, rect.height()), self.palette().highlight()
                )
            err_h = rect.height() * slot.errors / peak
            warn_h = rect.height() * slot.warnings / peak
            bar_w = max(width - 1.5, 1.0)
            painter.fillRect(QRectF(x, rect.bottom() - err_h, bar_w, err_h), ERROR_COLOUR)
            warn_rect = QRectF(x, rect.bottom() - err_h - warn_h, bar_w, warn_h)
            painter.fillRect(warn_rect, QBrush(WARN_COLOUR, Qt.BrushStyle.BDiagPattern))
            if warn_h:
                painter.setPen(QPen(WARN_COLOUR))
                painter.drawRect(warn_rect)

    def _paint_axis(self, painter: QPainter, text: QColor) -> None:
        painter.setPen(text)
        y = self.height() - 3
        first, last = self._clock(self._slots[0].start), self._clock(self._slots[-1].end)
        painter.drawText(QPointF(4, y), f"{first:%Y-%m-%d %H:%M}")
        end_text = f"{last:%Y-%m-%d %H:%M}"
        end_w = painter.fontMetrics().horizontalAdvance(end_text)
        painter.drawText(QPointF(self.width() - end_w - 4, y), end_text)

    def _clock(self, moment: datetime) -> datetime:
        """`moment` on the device's clock when its zone is known."""
        return moment.astimezone(self._zone) if self._zone is not None else moment

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Tooltip with the slot's time and counts."""
        i = self._slot_at(event.position().x())
        if i is None:
            QToolTip.hideText()
            return
        slot = self._slots[i]
        counts = f"{slot.errors} errors, {slot.warnings} warnings"
        start, end = self._clock(slot.start), self._clock(slot.end)
        tip = f"{start:%Y-%m-%d %H:%M} – {end:%H:%M}\n{counts}"
        QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Select the slot under the mouse (or clear when it is already selected)."""
        i = self._slot_at(event.position().x())
        self.select(None if i == self._selected else i)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """←/→ move the selection, Esc clears it."""
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.select(None)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._slots:
            step = -1 if key == Qt.Key.Key_Left else 1
            start = (
                self._selected
                if self._selected is not None
                else (len(self._slots) if step < 0 else -1)
            )
            self.select(max(0, min(len(self._slots) - 1, start + step)))
        else:
            super().keyPressEvent(event)

    def select(self, index: int | None) -> None:
        """Select slot `index` (None clears) and tell listeners."""
        self._selected = index
        self.update()
        if index is None:
            self.slot_cleared.emit()
            return
        slot = self._slots[index]
        start = self._clock(slot.start)
        self.setAccessibleDescription(
            f"Selected {start:%Y-%m-%d %H:%M}: {slot.errors} errors, {slot.warnings} warnings"
        )
        self.slot_selected.emit(slot.start, slot.end)
