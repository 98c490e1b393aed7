"""Draw the application icon: ``assets/app-icon.svg`` and the PNG and ICO files rendered from it.

A shield with a medical cross, in two colours (deep blue, white), readable at 16 px. The SVG is
the source; run ``.venv/bin/python packaging/make_icons.py`` after changing it and commit the
outputs: ``app-icon-<size>.png`` (16 to 256), ``app-icon.png`` (256, for windows and the .desktop
file) and ``app-icon.ico`` (every size, for the Windows executable and installer).

Rendering uses Qt only (QtSvg ships with PySide6-Essentials). The ICO is written here: 32-bit
BGRA bitmaps below 256 px (what every Windows tool and Inno Setup read) and PNG at 256 px.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = "#1D4F91"
WHITE = "#FFFFFF"

# 256 x 256 units: a shield with a slightly rounded top and a pointed base, and a thick white
# cross sitting a little above its centre (the optical centre of a shield).
SVG = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>CyberCabinet</title>
  <path fill="{BLUE}" d="M128 8 C160 28 196 36 236 36 L236 116 C236 180 196 224 128 250
    C60 224 20 180 20 116 L20 36 C60 36 96 28 128 8 Z"/>
  <path fill="{WHITE}" d="M104 52 H152 V98 H198 V146 H152 V192 H104 V146 H58 V98 H104 Z"/>
</svg>
"""


def render_png(renderer: object, size: int) -> object:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)  # type: ignore[attr-defined]
    painter.end()
    return image


def _png_bytes(image: object) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[attr-defined]
    buffer.close()
    return bytes(data.data())


def _dib_bytes(image: object) -> bytes:
    """A 32-bit BITMAPINFOHEADER bitmap as ICO wants it: bottom-up rows, then the AND mask."""
    from PySide6.QtGui import QImage

    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # type: ignore[attr-defined]
    size = argb.width()
    stride = size * 4
    raw = bytes(argb.constBits())  # BGRA in memory on little-endian machines
    if sys.byteorder != "little":
        raise RuntimeError("the ICO writer assumes a little-endian machine")
    pixels = b"".join(raw[row * argb.bytesPerLine():row * argb.bytesPerLine() + stride]
                      for row in reversed(range(size)))
    mask_stride = ((size + 31) // 32) * 4
    mask = bytes(mask_stride * size)  # all zero: the alpha channel says what is transparent
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0,
                         len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def write_ico(images: dict[int, object], path: Path) -> None:
    entries = [(size, _png_bytes(img) if size >= 256 else _dib_bytes(img))
               for size, img in sorted(images.items())]
    offset = 6 + 16 * len(entries)
    directory = b""
    for size, blob in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(struct.pack("<HHH", 0, 1, len(entries)) + directory
                     + b"".join(blob for _size, blob in entries))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    ASSETS.mkdir(exist_ok=True)
    svg_path = ASSETS / "app-icon.svg"
    svg_path.write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode("utf-8")))
    if not renderer.isValid():
        print("make_icons: the SVG does not parse", file=sys.stderr)
        return 1
    images = {size: render_png(renderer, size) for size in SIZES}
    for size, image in images.items():
        image.save(str(ASSETS / f"app-icon-{size}.png"), "PNG")  # type: ignore[attr-defined]
    images[256].save(str(ASSETS / "app-icon.png"), "PNG")  # type: ignore[attr-defined]
    write_ico(images, ASSETS / "app-icon.ico")
    written = [svg_path.name, "app-icon.png", "app-icon.ico"]
    written += [f"app-icon-{s}.png" for s in SIZES]
    print("make_icons: wrote " + ", ".join(written) + f" in {ASSETS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
