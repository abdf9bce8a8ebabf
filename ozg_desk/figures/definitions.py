"""The twelve figures' definitions: name, one sentence, formula, unit and source, in German."""

from __future__ import annotations

from ozg_desk.figures.model import Definition

_RECORDS = "eigene Erfassung der Behörde in OZG-Desk"
_LEITFADEN = (
    "Leitfaden Erfüllungsaufwand (Statistisches Bundesamt, Stand 2025) und eigene Erfassung"
)

ANBINDUNGSQUOTE = Definition(
    "anbindungsquote",
    "Anbindungsquote",
    "Anteil der relevanten Leistungen, die online sind; relevant sind die kommunal vollzogenen "
    "und die erfassten, außer denen, die die Behörde „nicht relevant“ gesetzt hat.",
    "Leistungen „online“ ÷ relevante Leistungen",
    "%",
    _RECORDS,
)
REIFEGRAD = Definition(
    "reifegrad",
    "Verfügbarkeit nach Reifegrad",
    "Anteil der relevanten Leistungen mit Reifegrad 3 oder höher, getrennt je Reifegradmodell.",
    "Leistungen mit Reifegrad ≥ 3 ÷ Leistungen mit Reifegrad, je Modell (nie gemischt)",
    "%",
    f"{_RECORDS}; Reifegradmodell 1.x (0–4) und 2.0 (0–7)",
)
FALLZAHL_VERFUEGBARKEIT = Definition(
    "fallzahl_verfuegbarkeit",
    "Fallzahl-gewichtete Verfügbarkeit",
    "Anteil der Fälle eines Jahres, für die die Leistung online angeboten wird.",
    "Σ Fallzahl der Leistungen „online“ ÷ Σ Fallzahl der relevanten Leistungen mit Fallzahl",
    "%",
    f"{_RECORDS} (Fallzahlen mit ihrer Quelle)",
)
ONLINE_QUOTE = Definition(
    "online_quote",
    "Online-Quote (Nutzung)",
    "Anteil der Fälle, die tatsächlich online beantragt werden.",
    "Σ Online-Anträge pro Jahr ÷ Σ Fallzahl, für Leistungen „online“ mit beiden Angaben",
    "%",
    _RECORDS,
)
AUTOMATISIERUNG = Definition(
    "automatisierungsquote",
    "Automatisierungsquote",
    "Anteil der Online-Leistungen, deren Empfangskanal ohne Abtippen ins Fachverfahren liefert.",
    "Leistungen „online“ mit automatisiertem Empfangskanal ÷ Leistungen „online“ mit Kanal",
    "%",
    f"{_RECORDS}; welche Kanäle zählen, steht in den Standardwerten",
)
ZEITEFFIZIENZ = Definition(
    "zeiteffizienz",
    "Zeiteffizienz",
    "Arbeitsstunden pro Jahr, die online gestellte Anträge gegenüber Papier freisetzen.",
    "Σ Fallzahl × Online-Quote × (Minuten je Fall auf Papier − online) ÷ 60",
    "h/Jahr",
    _LEITFADEN,
)
VOLLZEIT = Definition(
    "vollzeitaequivalente",
    "Freigesetzte Vollzeitäquivalente",
    "Die Zeiteffizienz in Vollzeitstellen.",
    "Zeiteffizienz ÷ 1.600 h (1 VZÄ = 200 Tage × 8 h)",
    "VZÄ",
    _LEITFADEN,
)
PROZESSKOSTEN = Definition(
    "prozesskosteneffizienz",
    "Prozesskosteneffizienz (freigesetzte Kapazität)",
    "Wert der freigesetzten Arbeitszeit und der gesparten Sachkosten pro Jahr – Kapazität, "
    "kein eingespartes Geld, solange keine Stellen wegfallen.",
    "Σ Stunden × Stundensatz der Laufbahngruppe (+ Gemeinkosten, falls eingeschaltet) "
    "+ Online-Fälle × gesparte Sachkosten je Fall",
    "€/Jahr",
    _LEITFADEN,
)
BUERGERZEIT = Definition(
    "buergerzeit",
    "Bürgerzeit",
    "Zeit, die Bürgerinnen und Bürger pro Jahr durch Online-Anträge nicht für Wege und Warten "
    "aufwenden.",
    "Σ Online-Fälle × (Wegezeit + Wartezeit) ÷ 60; Wegekosten: Σ Online-Fälle × Wegekosten",
    "h/Jahr",
    _LEITFADEN,
)
RENDITE = Definition(
    "digitalisierungsrendite",
    "Digitalisierungsrendite",
    "Freigesetzte Kapazität abzüglich der laufenden Kosten pro Jahr; sie kann negativ sein.",
    "Prozesskosteneffizienz − Σ laufende Kosten pro Jahr; Amortisation: Σ einmalige Kosten ÷ "
    "Rendite",
    "€/Jahr",
    _LEITFADEN,
)
ZUFRIEDENHEIT = Definition(
    "zufriedenheit",
    "Bürgerzufriedenheit",
    "Mittlere Bewertung der Online-Leistungen (1 = sehr schlecht, 5 = sehr gut).",
    "Σ (Mittelwert × Anzahl Bewertungen) ÷ Σ Anzahl Bewertungen",
    "von 5",
    "Bewertungen mit ihrer Quelle, je Leistung erfasst",
)
DURCHLAUFZEIT = Definition(
    "durchlaufzeit",
    "Durchlaufzeit",
    "Wie lange eine Leistung von „geplant“ bis „online“ brauchte (Median).",
    "Median der Tage vom ersten „geplant“ bis zum ersten „online“ danach, aus dem Verlauf",
    "Tage",
    "Verlauf der Statusänderungen in OZG-Desk",
)
FORTSCHRITT = Definition(
    "fortschritt",
    "Fortschritt",
    "Leistungen online je Monat, neben den Leistungen, die laut Zieltermin bis dahin online "
    "sein sollen.",
    "je Monatsende: Leistungen „online“ laut Verlauf; geplant: relevante Leistungen mit "
    "Zieltermin bis dahin",
    "Leistungen",
    "Verlauf und Zieltermine in OZG-Desk",
)

ALL: tuple[Definition, ...] = (
    ANBINDUNGSQUOTE,
    REIFEGRAD,
    FALLZAHL_VERFUEGBARKEIT,
    ONLINE_QUOTE,
    AUTOMATISIERUNG,
    ZEITEFFIZIENZ,
    VOLLZEIT,
    PROZESSKOSTEN,
    BUERGERZEIT,
    RENDITE,
    ZUFRIEDENHEIT,
    DURCHLAUFZEIT,
    FORTSCHRITT,
)
