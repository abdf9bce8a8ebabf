"""ASGI middleware for the protocol header: required on every API request, named on every
answer; OPTIONS is answered here with the methods the path takes."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_desk.protocol.paths import API, STATUS, url
from ozg_server.api.refusals import allowed_methods, error_response


class ProtocolHeader:
    """ASGI middleware: every API request must speak our protocol version, every response says
    which it is; OPTIONS is answered here with the methods the path takes. (Plain ASGI rather
    than Starlette's BaseHTTPMiddleware, which would wrap the body-limit refusal raised while a
    route reads its body, and costs a task per request.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        if request.method == "OPTIONS":
            allowed = allowed_methods(request)
            if not allowed:
                response: Response = error_response(404, "Nicht gefunden.")
            else:
                headers = {"Allow": ", ".join(allowed), HEADER: str(PROTOCOL)}
                response = Response(status_code=204, headers=headers)
            await response(scope, receive, send)
            return
        if path.startswith(API + "/") and path != url(STATUS):
            spoken = request.headers.get(HEADER)
            if spoken != str(PROTOCOL):
                refusal = error_response(
                    426,
                    "Diese OZG-Desk-Version passt nicht zum Server "
                    f"(Protokoll {(spoken or 'unbekannt')[:20]}, Server spricht "
                    f"{PROTOCOL}). Bitte OZG-Desk aktualisieren.",
                )
                await refusal(scope, receive, send)
                return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != HEADER.lower().encode()
                ]
                headers.append((HEADER.lower().encode(), str(PROTOCOL).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_header)
