"""The PDF/A-2b rules a validator checks first, read from every document type with pikepdf
(veraPDF itself cannot be installed here): no encryption, an /ID, uncompressed XMP that says
what the Info dictionary says, the sRGB output intent, no transparency or annotations, and
embedded TrueType fonts of the kind PDF/A allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Name

from ozg_desk.app.session import Session
from ozg_desk.documents import service
from tests.helpers.documents import NOW, SELECTIONS, demo_session

SYMBOLIC = 4


@pytest.fixture(scope="module")
def documents(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    folder = tmp_path_factory.mktemp("pdfa")
    with demo_session(demo_dir, folder / "amt") as session:
        yield [_generate(session, typ) for typ in sorted(SELECTIONS)]


def _generate(session: Session, typ: str) -> Path:
    return service.generate(session, typ, SELECTIONS[typ], bemerkung="Hinweis", now=NOW).path


def test_file_structure_and_metadata(documents: list[Path]) -> None:
    for path in documents:
        assert path.read_bytes()[:9] in (b"%PDF-1.4\n", b"%PDF-1.7\n")
        with pikepdf.open(path) as pdf:
            assert Name.Encrypt not in pdf.trailer
            first, second = pdf.trailer.ID
            assert len(bytes(first)) == len(bytes(second)) == 16
            metadata = pdf.Root.Metadata
            assert (metadata.Type, metadata.Subtype) == (Name.Metadata, Name.XML)
            assert Name.Filter not in metadata.stream_dict  # readable without decoding
            packet = metadata.read_raw_bytes()
            assert packet.startswith(
                b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            )
            info = {str(key): str(value) for key, value in pdf.docinfo.items()}
            # Read only: by default pikepdf would rewrite the Info dictionary on leaving.
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
                assert info["/Title"] == xmp["dc:title"]
                assert [info["/Author"]] == xmp["dc:creator"]
                assert info["/Producer"] == xmp["pdf:Producer"]
                assert info["/Creator"] == xmp["xmp:CreatorTool"]
                created = dt.datetime.fromisoformat(xmp["xmp:CreateDate"])
            offset = created.strftime("%z")
            assert info["/CreationDate"] == created.strftime(
                f"D:%Y%m%d%H%M%S{offset[:3]}'{offset[3:]}'"
            )
            assert "/Subject" not in info and "/Keywords" not in info  # not mirrored
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
            assert str(pdf.Root.Lang) == "de-DE"


def test_no_transparency_annotations_or_actions(documents: list[Path]) -> None:
    for path in documents:
        with pikepdf.open(path) as pdf:
            assert Name.OpenAction not in pdf.Root and Name.AcroForm not in pdf.Root
            for page in pdf.pages:
                assert Name.Group not in page.obj and Name.Annots not in page.obj
                assert Name.AA not in page.obj
                resources = page.Resources
                assert Name.XObject not in resources  # no images, no forms with soft masks
                for state in resources.get(Name.ExtGState, {}).values():
                    assert float(state.get(Name.CA, 1)) == float(state.get(Name.ca, 1)) == 1
                    assert state.get(Name.SMask, Name.None_) == Name.None_


def test_every_font_is_an_embedded_symbolic_truetype_subset(documents: list[Path]) -> None:
    for path in documents:
        with pikepdf.open(path) as pdf:
            fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
            assert fonts
            for font in fonts:
                assert font.Subtype == Name.TrueType
                descriptor = font.FontDescriptor
                assert Name.FontFile2 in descriptor  # the font program is in the file
                # PDF/A: a symbolic TrueType font has no /Encoding; its glyphs come from the
                # font's own single cmap (reportlab writes exactly one).
                assert int(descriptor.Flags) & SYMBOLIC and Name.Encoding not in font
                widths = [float(width) for width in font.Widths]
                assert len(widths) == int(font.LastChar) - int(font.FirstChar) + 1
                assert all(width >= 0 for width in widths)
