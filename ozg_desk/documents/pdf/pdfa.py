"""Finish reportlab's output as PDF/A-2b with pikepdf: XMP metadata, the sRGB output intent,
document language, and an /ID computed from the content, so equal input gives equal bytes."""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass
from functools import cache

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ozg_desk.app.resources import resources_dir

PRODUCER = "OZG-Desk"


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself; `created` comes from the input, never the clock."""

    title: str
    author: str
    subject: str
    created: dt.datetime


@cache
def _srgb_profile() -> bytes:
    """The profile, Flate-compressed once (zlib's output for fixed input and level is fixed)."""
    return zlib.compress((resources_dir() / "icc" / "sRGB.icc").read_bytes(), 9)


def _pdf_date(moment: dt.datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def to_pdfa(raw: bytes, metadata: Metadata) -> bytes:
    """The PDF/A-2b form of `raw` (a reportlab PDF without transparency)."""
    if metadata.created.tzinfo is None:
        raise ValueError("created must carry a time zone")
    pdf = pikepdf.open(io.BytesIO(raw))  # keep a reference: pikepdf objects die with it
    try:
        profile = pikepdf.Stream(pdf, _srgb_profile())
        profile.Filter = Name.FlateDecode
        profile.N = 3
        intent = Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
            Info=String("sRGB IEC61966-2.1"),
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])
        pdf.Root.Lang = String("de-DE")
        created = metadata.created.isoformat(timespec="seconds")
        # set_pikepdf_as_editor would stamp the current time into the metadata.
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
            xmp["pdfaid:part"] = "2"
            xmp["pdfaid:conformance"] = "B"
            xmp["dc:title"] = metadata.title
            xmp["dc:creator"] = [metadata.author]
            xmp["dc:description"] = metadata.subject
            xmp["pdf:Producer"] = PRODUCER
            xmp["xmp:CreatorTool"] = PRODUCER
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                xmp[key] = created
        for key in ("/Trapped", "/Subject", "/Keywords"):  # only what the XMP mirrors
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        pdf.docinfo[Name.CreationDate] = String(_pdf_date(metadata.created))
        pdf.docinfo[Name.ModDate] = String(_pdf_date(metadata.created))
        # reportlab's /ID may depend on SOURCE_DATE_EPOCH; qpdf would hash it into the new one.
        if Name.ID in pdf.trailer:
            del pdf.trailer.ID
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            fix_metadata_version=True,
            # reportlab's streams are compressed already: copy them instead of re-encoding
            # (a fifth of the time per document); the XMP packet stays plain text as PDF/A wants.
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            compress_streams=False,
        )
        return out.getvalue()
    finally:
        pdf.close()
