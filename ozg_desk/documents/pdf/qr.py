"""A QR code flowable drawn as one filled path.

reportlab's QrCodeWidget builds a drawing with one shape per module and a default Helvetica
font (not embedded); drawing the encoder's matrix directly is several times faster per page
and adds no font.
"""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


class QrCode(Flowable):
    """`text` as a QR code of `size` (including the quiet zone), error correction level M."""

    def __init__(self, text: str, size: float = 24 * mm) -> None:
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.make()
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
