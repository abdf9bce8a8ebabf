"""Answers written as plain JSON: FastAPI's encoder would cost most of the time of a large pull.

Every answer is a protocol model (`ozg_desk.protocol.answers`), declared as the route's
`response_model` for `/openapi.json` and checked against it by the test suite.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from ozg_desk.protocol import PROTOCOL
from ozg_server.services.ledger import now


class FastJSON(JSONResponse):
    """Plain json.dumps: the answers are already JSON values."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")


def answer(**fields: Any) -> FastJSON:
    return FastJSON({"protocol": PROTOCOL, "server_time": now(), **fields})
