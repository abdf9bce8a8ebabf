"""Request bodies as the server accepts them: bounded in size before they are read, gzip
inflated within the same bound, and parsed as strict JSON (UTF-8 only, no NaN or Infinity,
a bounded nesting depth).

Written by hand rather than with Starlette's body-limit middleware, because that one answers in
English plain text and only from version 1.0 on; the protocol promises German JSON errors.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_server.api.refusals import error
from ozg_server.services.accounts import UNKNOWN_TOKEN, principal_or_none

MAX_BODY = 20 * 1024 * 1024  # bytes on the wire, and again after inflating
MAX_DEPTH = 32  # the deepest body of the protocol nests 9 levels
# JSON values in one body: 200 operations with their longest lists as value, old and new, or a
# catalogue release of 2 × 50,000 rows, stay below; 20 MB of `[],[],…` would be 7 million
# objects and about a gigabyte of memory.
MAX_VALUES = 1_000_000
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
TOO_LARGE = "Die Anfrage ist zu groß (höchstens 20 MB)."


def _json_answer(status: int, message: str) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"protocol": PROTOCOL, "error": message}, ensure_ascii=False).encode()
    headers = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (HEADER.lower().encode(), str(PROTOCOL).encode()),
            (b"connection", b"close"),
        ],
    }
    return headers, body


class BodyLimit:
    """ASGI middleware: a declared length over the limit is refused before anything is read; a
    chunked body is counted while the application reads it and refused as soon as it passes the
    limit, so the rest never reaches memory."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            start, body = _json_answer(413, TOO_LARGE)
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise error(413, TOO_LARGE)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def inflate(body: bytes, encoding: str) -> bytes:
    """The body without its gzip encoding, refused when it would inflate beyond the limit."""
    if encoding.strip().lower() != "gzip":
        if encoding.strip() and encoding.strip().lower() != "identity":
            raise error(415, "Diese Kodierung des Inhalts wird nicht unterstützt.")
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        plain = inflater.decompress(body, MAX_BODY)
    except zlib.error:
        raise error(400, "Der komprimierte Inhalt ist beschädigt.") from None
    if inflater.unconsumed_tail:
        raise error(413, TOO_LARGE)
    return plain


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} ist in JSON nicht erlaubt.")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("Die Zahl ist zu groß.")
    return number


def parse_strict(body: bytes) -> Any:
    """JSON as RFC 8259 defines it, in UTF-8, nested at most MAX_DEPTH deep and with at most
    MAX_VALUES values (counted before parsing, so a small body cannot build a huge one)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise error(400, "Der Inhalt ist nicht in UTF-8 geschrieben.") from None
    structure = _STRINGS.sub("", text)
    if sum(structure.count(mark) for mark in ",[{") > MAX_VALUES:
        raise error(413, "Der Inhalt hat zu viele Einträge.")
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise error(400, "Der Inhalt ist zu tief verschachtelt.") from None
    except ValueError:
        raise error(400, "Der Inhalt ist kein gültiges JSON.") from None
    if depth_exceeds(value, MAX_DEPTH):
        raise error(400, "Der Inhalt ist zu tief verschachtelt.")
    return value


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class StrictRequest(Request):
    """A request whose body is inflated and whose JSON is parsed strictly (see module doc);
    `prepare` may take parts of the parsed body aside before it is validated."""

    prepare: Callable[[Any, Request], Any] | None = None

    async def body(self) -> bytes:
        if not hasattr(self, "_plain_body"):
            # Only a known token's body is read at all: nobody else can make the server work.
            if principal_or_none(self) is None:
                raise error(401, UNKNOWN_TOKEN)
            raw = await super().body()
            self._plain_body = inflate(raw, self.headers.get("content-encoding", ""))
        return self._plain_body

    async def json(self) -> Any:
        if not hasattr(self, "_strict_json"):
            value = parse_strict(await self.body())
            self._strict_json = self.prepare(value, self) if self.prepare else value
        return self._strict_json


class StrictRoute(APIRoute):
    """Every route reads its body through StrictRequest; a subclass may set `prepare`."""

    prepare: Callable[[Any, Request], Any] | None = None

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        prepare = type(self).prepare

        async def strict_handler(request: Request) -> Response:
            strict = StrictRequest(request.scope, request.receive)
            strict.prepare = prepare
            return await handler(strict)

        return strict_handler
