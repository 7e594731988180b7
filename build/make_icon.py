"""Render resources/icons/esr.svg into the multi-size Windows icon resources/icons/esr.ico.

Run it after editing the SVG (the .ico is committed, so builds need no SVG renderer):

    QT_QPA_PLATFORM=offscreen .venv/bin/python build/make_icon.py

Sizes below 256 px are stored as 32-bit BMP entries (with the 1-bit AND mask classic readers
expect), 256 px as PNG, the layout Windows Explorer, the PE resource compiler of PyInstaller and
NSIS all read.
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
PNG_MIN_SIZE = 256


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn on a transparent size x size ARGB32 image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """An ICO BMP entry: BITMAPINFOHEADER, bottom-up BGRA pixels, then the AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    mask_row_bytes = ((size + 31) // 32) * 4
    mask = bytearray()
    for y in reversed(range(size)):
        mask_row = bytearray(mask_row_bytes)
        for x in range(size):
            argb = image.pixel(x, y)
            alpha = (argb >> 24) & 0xFF
            pixels += struct.pack("<I", argb)  # little-endian 0xAARRGGBB = B, G, R, A
            if alpha == 0:
                mask_row[x // 8] |= 0x80 >> (x % 8)
        mask += mask_row
    return header + bytes(pixels) + bytes(mask)


def ico_bytes(images: list[QImage]) -> bytes:
    """An .ico file holding the images, smallest first."""
    entries = [png_bytes(i) if i.width() >= PNG_MIN_SIZE else bmp_entry(i) for i in images]
    offset = 6 + 16 * len(images)
    directory = struct.pack("<HHH", 0, 1, len(images))
    for image, data in zip(images, entries, strict=True):
        side = image.width() % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return directory + b"".join(entries)


def main() -> int:
    """Write the .ico next to the SVG (or where --out says)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=REPO / "resources/icons/esr.svg")
    parser.add_argument("--out", type=Path, default=REPO / "resources/icons/esr.ico")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(args.svg))
    if not renderer.isValid():
        parser.error(f"cannot render {args.svg}")
    args.out.write_bytes(ico_bytes([render(renderer, size) for size in ICON_SIZES]))
    print(f"{args.out}: {', '.join(map(str, ICON_SIZES))} px")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
