"""Keys, Typisierung and field rules: what users type and what the catalogue contains."""

from __future__ import annotations

import pytest

from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS, check_anbindung
from ozg_desk.domain.catalogue import parse_typisierung
from ozg_desk.domain.errors import InvalidKey, ValidationError
from ozg_desk.domain.keys import ags_from_ars, normalize_ars, normalize_leika_key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("130765668000", "130765668000"),
        (" 13 0 76 5668 005 ", "130765668005"),
        ("13.076.5668.005", "130765668005"),
    ],
)
def test_ars_is_accepted_with_common_separators(typed: str, expected: str) -> None:
    assert normalize_ars(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message_part"),
    [
        ("13076566800", "11 statt 12"),
        ("13076566800X", "nur Ziffern"),
        ("", "eingeben"),
        ("990765668000", "Landesschlüssel"),
        ("010765668000", "Mecklenburg-Vorpommern"),
    ],
)
def test_invalid_ars_is_refused_with_a_german_reason(typed: str, message_part: str) -> None:
    with pytest.raises(InvalidKey, match=message_part):
        normalize_ars(typed)


def test_ags_derives_from_the_gemeinde_ars() -> None:
    assert ags_from_ars("130765668005") == "13076005"


def test_leika_key_keeps_leading_zeros_and_may_be_empty() -> None:
    assert normalize_leika_key("09000000000000") == "09000000000000"
    assert normalize_leika_key("  ") is None
    with pytest.raises(InvalidKey):
        normalize_leika_key("9910201300000")


@pytest.mark.parametrize(
    ("raw", "codes", "kommunal"),
    [
        ("2/3", ("2/3",), True),
        ("1", ("1",), False),
        ("1, 2/3", ("1", "2/3"), True),
        ("1, 2", ("1", "2"), False),
        ("", (), False),
        ("6", ("6",), False),
        ("Typ 4", ("4",), True),
        ("3a", ("3a",), True),
        ("5; 1", ("1", "5"), True),
    ],
)
def test_typisierung_is_normalised_and_keeps_the_raw_value(
    raw: str, codes: tuple[str, ...], kommunal: bool
) -> None:
    parsed = parse_typisierung(raw)
    assert parsed.raw == raw
    assert parsed.codes == codes
    assert parsed.kommunal is kommunal


def test_unknown_typisierung_tokens_are_kept_not_lost() -> None:
    parsed = parse_typisierung("4, unklar")
    assert parsed.codes == ("4",)
    assert parsed.unparsed == ("unklar",)


def test_oversized_text_is_refused_with_its_length() -> None:
    with pytest.raises(ValidationError, match="20.001 Zeichen zu lang"):
        ANBINDUNG_FIELDS["notizen"].clean("x" * 20_001)


def test_dates_accept_german_and_iso_forms() -> None:
    spec = ANBINDUNG_FIELDS["zieltermin"]
    assert spec.clean("01.03.2026") == "2026-03-01"
    assert spec.clean("2026-03-01") == "2026-03-01"
    with pytest.raises(ValidationError, match="kein gültiges Datum"):
        spec.clean("31.02.2026")


def test_reifegrad_must_fit_its_model() -> None:
    check_anbindung({"reifegrad": 7, "reifegrad_modell": "2.0"})
    with pytest.raises(ValidationError, match="höchste Reifegrad 4"):
        check_anbindung({"reifegrad": 5, "reifegrad_modell": "1"})


def test_channel_details_are_checked_for_the_chosen_channel() -> None:
    check_anbindung(
        {
            "empfangskanal": "fit_connect",
            "kanal_details": {"destination_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
        }
    )
    with pytest.raises(ValidationError, match="keine gültige Destination-ID"):
        check_anbindung({"empfangskanal": "fit_connect", "kanal_details": {"destination_id": "x"}})
    with pytest.raises(ValidationError, match="keine Angabe zum Kanal"):
        check_anbindung({"empfangskanal": "bebpo", "kanal_details": {"destination_id": "x"}})
