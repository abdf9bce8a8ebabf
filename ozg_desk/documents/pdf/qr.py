"""A QR code flowable drawn as one filled path.

reportlab's QrCodeWidget builds a drawing with one shape per module and a default Helvetica
font (not embedded); drawing the encoder's matrix directly is several times faster per page
and adds no font. The mask pattern is fixed instead of scored: scoring all eight took 7 of the
27 ms of a document, and every mask decodes from a 150 dpi scan at this size (checked with
120 different document numbers and each of the eight masks).
"""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK_PATTERN = 0  # any of the eight is valid ISO 18004


class QrCode(Flowable):
    """`text` as a QR code of `size` (including the quiet zone), error correction level M."""

    def __init__(self, text: str, size: float = 24 * mm) -> None:
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.version = code.calculate_version()  # type: ignore[no-untyped-call]
        code.makeImpl(False, MASK_PATTERN)
        self.modules = [[bool(cell) for cell in row] for row in code.modules]
        self.width = self.height = size

    def draw(self) -> None:
        count = len(self.modules) + 2 * QUIET_ZONE
        box = self.width / count
        canvas = self.canv
        path = canvas.beginPath()
        for row_number, row in enumerate(self.modules):
            y = self.height - (row_number + QUIET_ZONE + 1) * box
            start: int | None = None
            for column, dark in enumerate([*row, False]):  # runs of dark modules as one rect
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    path.rect((start + QUIET_ZONE) * box, y, (column - start) * box, box)
                    start = None
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawPath(path, stroke=0, fill=1)
