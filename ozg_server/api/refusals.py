"""Refusals in German: HTTP errors, body validation errors (naming the operations they concern)
and a lost history, each as the protocol's error answer, and their OpenAPI description."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ozg_desk.protocol import HEADER, PROTOCOL, answers
from ozg_server.services.epochs import HistoryLost

_TEXTS: Mapping[str, str] = {
    "missing": "fehlt",
    "extra_forbidden": "ist nicht vorgesehen",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "literal_error": "hat keinen der erlaubten Werte",
    "union_tag_invalid": "ist keine bekannte Art von Datensatz",
    "union_tag_not_found": "fehlt (Art des Datensatzes)",
    "json_invalid": "ist kein gültiges JSON",
}

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": answers.ErrorAnswer, "description": description}
    for status, description in {
        400: "ungültiges JSON oder ungültige Kodierung",
        401: "Zugangsschlüssel fehlt, ist ungültig oder gesperrt",
        403: "Rolle reicht nicht",
        404: "nicht gefunden (auch: Behörde eines anderen Zugangs)",
        405: "Methode nicht erlaubt (der Header Allow nennt die erlaubten)",
        409: "Verlauf des Servers verloren (Rücksicherung): code history_lost",
        413: "Anfrage zu groß",
        415: "Kodierung des Inhalts nicht unterstützt",
        422: "Inhalt verletzt das Schema; bei Push mit den ungültigen Operationen",
        426: "andere Protokollversion",
    }.items()
}


def error(status: int, message: str) -> HTTPException:
    """A refusal to raise from a route; `install`'s handler writes it as the error answer."""
    return HTTPException(status_code=status, detail=message)


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None, **extra: object
) -> JSONResponse:
    return JSONResponse(
        {"protocol": PROTOCOL, "error": message, **extra},
        status_code=status,
        headers={HEADER: str(PROTOCOL), **(headers or {})},
    )


def german(error: Mapping[str, Any]) -> str:
    """One validation error as a German phrase, with where it is: `„ops[2].fields.status“ …`."""
    kind, context = str(error.get("type")), error.get("ctx") or {}
    where = _place(error.get("loc", ()))
    if kind == "value_error":
        return str(context.get("error", "ungültiger Wert"))
    if kind == "string_too_long":
        text = f"ist zu lang (höchstens {context.get('max_length')} Zeichen)"
    elif kind == "string_too_short":
        text = "ist leer" if context.get("min_length") == 1 else "ist zu kurz"
    elif kind == "too_long":
        text = f"hat zu viele Einträge (höchstens {context.get('max_length')})"
    elif kind == "too_short":
        text = f"hat zu wenige Einträge (mindestens {context.get('min_length')})"
    elif kind in ("greater_than_equal", "greater_than"):
        text = f"ist zu klein (mindestens {context.get('ge', context.get('gt'))})"
    elif kind in ("less_than_equal", "less_than"):
        text = f"ist zu groß (höchstens {context.get('le', context.get('lt'))})"
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        text = "hat den falschen Typ"
    else:
        text = _TEXTS.get(kind, "ist ungültig")
    return f"„{where}“ {text}." if where else f"Der Inhalt {text}."


def _place(location: Sequence[Any]) -> str:
    """`("body", "ops", 2, "anbindung", "fields", "x")` → `ops[2].fields.x` (the union tag and
    the word body are noise for the reader)."""
    items = list(location[1:] if location[:1] == ("body",) else location)
    if len(items) > 2 and items[0] == "ops" and items[2] in _ENTITY_TAGS:
        del items[2]
    text = ""
    for item in items:
        text += f"[{item}]" if isinstance(item, int) else ("." if text else "") + str(item)
    return text


_ENTITY_TAGS = frozenset(
    {"anbindung", "checklist_item", "behoerde", "gemeinde", "dokument", "kontakt"}
)


def rejected_operations(errors: Sequence[Mapping[str, Any]], body: object) -> list[dict[str, str]]:
    """For a push: each operation with an error, by its op_id, with its first error."""
    ops = body.get("ops") if isinstance(body, dict) else None
    if not isinstance(ops, list):
        return []
    found: dict[int, str] = {}
    for error in errors:
        location = tuple(error.get("loc", ()))
        if location[:2] == ("body", "ops") and len(location) > 2 and isinstance(location[2], int):
            found.setdefault(location[2], german(error))
    named = []
    for index, reason in sorted(found.items()):
        op = ops[index] if index < len(ops) else None
        op_id = op.get("op_id") if isinstance(op, dict) else None
        if not isinstance(op_id, str) or len(op_id) != 36:
            return []  # an operation that cannot be named: the client cannot set it aside
        named.append({"op_id": op_id, "reason": f"Ungültige Operation: {reason}"})
    return named


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes for this path (Starlette's 405 names only the first).

    Each method is tried against the app's routes: since FastAPI 0.137 an included router is one
    opaque entry there, so its routes' methods cannot be read off directly."""
    methods = {
        method
        for method in _METHODS
        for route in request.app.router.routes
        if route.matches({**request.scope, "method": method})[0] == Match.FULL
    }
    return sorted(methods | {"OPTIONS"}) if methods else []


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def install(app: FastAPI) -> None:
    """The exception handlers that turn every refusal into the protocol's error answer."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405:  # name every method of the path, not only the first route's
            methods = ", ".join(method for method in allowed_methods(request) if method)
            return error_response(405, "Diese Methode ist hier nicht erlaubt.", {"Allow": methods})
        detail = exc.detail if isinstance(exc.detail, str) else "Anfrage abgelehnt."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Nicht gefunden."
        return error_response(exc.status_code, detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if _wrong_protocol(errors, exc.body):
            return error_response(426, "Der Inhalt ist in einer anderen Protokollversion.")
        first = german(errors[0]) if errors else "Die Anfrage ist ungültig."
        rejected = (
            rejected_operations(errors, exc.body) if request.url.path.endswith("/push") else []
        )
        if rejected:
            return error_response(
                422,
                f"{len(rejected)} Operation(en) sind ungültig; keine wurde übernommen. {first}",
                rejected=rejected,
            )
        return error_response(422, f"Die Anfrage ist ungültig: {first}")

    @app.exception_handler(HistoryLost)
    async def _lost(_request: Request, exc: HistoryLost) -> JSONResponse:
        placement = exc.placement
        return error_response(
            409,
            str(exc),
            code="history_lost",
            epoch=placement.epoch,
            epoch_start=placement.epoch_start,
        )


def _wrong_protocol(errors: Sequence[Mapping[str, Any]], body: object) -> bool:
    spoken = body.get("protocol", PROTOCOL) if isinstance(body, dict) else PROTOCOL
    return spoken != PROTOCOL and any(
        tuple(error.get("loc", ())) == ("body", "protocol") for error in errors
    )
