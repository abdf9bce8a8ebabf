"""The server against its own OpenAPI description (schemathesis, every check, stateful too),
on SQLite and PostgreSQL: no server error, no answer outside the schema, every bad request
refused with a documented 4xx, every good one accepted."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from sqlalchemy import create_engine, insert

from ozg_server.api.application import create_app
from ozg_server.db import schema
from ozg_server.services.accounts import add_tenant, hash_token
from ozg_server.services.ledger import now
from tests.helpers.sync import AMT_A, LiveServer, empty_tables, server_engine

# Random positions make the server note implausible ones and start new epochs, as it should.
pytestmark = pytest.mark.expected_log("ozg_server.services.epochs")

TOKEN = "ozgd_schemathesis-" + "a" * 40  # a test token with a known value, stored as its hash
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "426", "428"]
CONFIG = schemathesis.Config.from_dict(
    {
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
        "auth": {"openapi": {"HTTPBearer": {"bearer": TOKEN}}},
        "generation": {
            "mode": "all",
            "max-examples": 25,
            "deterministic": True,
            "database": "none",
        },
        "checks": {
            "negative_data_rejection": {"expected-statuses": REFUSALS},
            "missing_required_header": {
                "expected-statuses": ["400", "401", "403", "406", "415", "422", "426"]
            },
        },
    }
)
# The description the server serves at /openapi.json; building it needs no database.
SCHEMA = schemathesis.openapi.from_dict(
    create_app(create_engine("sqlite://")).openapi(), config=CONFIG
)


@SCHEMA.hook
def map_body(_context: Any, body: Any) -> Any:
    """Every generated operation gets its own op_id: a key reused with other content is refused
    with 422 by design (idempotency, tested in test_sync_faults.py), and generated examples
    reuse simple values all the time."""
    ops = body.get("ops") if isinstance(body, dict) else None
    for op in ops if isinstance(ops, list) else []:
        if isinstance(op, dict) and isinstance(op.get("op_id"), str) and len(op["op_id"]) == 36:
            op["op_id"] = str(uuid.uuid4())
    return body


@pytest.fixture(
    scope="module",
    params=[("sqlite", "behoerde"), ("postgresql", "behoerde"), ("sqlite", "land")],
    ids=["sqlite", "postgresql", "land"],
)
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server whose test token (TOKEN) is an Amt's; once the Land's (other endpoints)."""
    kind, role = request.param
    url = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    engine = server_engine(kind, tmp_path_factory.mktemp("schema"), url)
    empty_tables(engine)
    add_tenant(engine, AMT_A, "Amt Crivitz")
    with engine.begin() as connection:
        connection.execute(
            insert(schema.token).values(
                id="0c3b8a1e-0000-4000-8000-000000000001",
                token_hash=hash_token(TOKEN),
                role=role,
                tenant=AMT_A if role == "behoerde" else None,
                device="schemathesis",
                created_at=now(),
            )
        )
    with LiveServer(engine) as live:
        yield live.url
    engine.dispose()


@SCHEMA.parametrize()
def test_every_operation_keeps_to_its_description(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url)


def test_chained_calls_keep_to_the_description(base_url: str) -> None:
    """Push, then read the feed it wrote, page after page (the OpenAPI links)."""

    class Workflow(SCHEMA.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": base_url}

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=25,
            stateful_step_count=4,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )


def test_the_description_names_every_body_and_refusal() -> None:
    spec = SCHEMA.raw_schema
    push = spec["paths"]["/api/v1/push"]["post"]
    body = push["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/PushRequest"}
    for status in ("200", "400", "401", "403", "404", "409", "413", "422", "426"):
        assert status in push["responses"], status
    operation = spec["components"]["schemas"]["AnbindungOperation"]["properties"]
    assert operation["kind"]["enum"] == ["create", "update", "delete", "restore"]
    fields = spec["components"]["schemas"]["AnbindungFelder"]["properties"]
    assert fields["notizen"]["anyOf"][0]["maxLength"] == 20_000
    assert "links" in push["responses"]["200"]


# What `\s` means in the ECMA regexes of JSON Schema and OpenAPI clients (ECMA-262, WhiteSpace
# and LineTerminator); U+0085 is not among them, though Python and the server count it as space.
ECMA_SPACE = "[\t\n\u000b\u000c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"


def test_a_name_the_description_allows_the_server_accepts() -> None:
    """A client reading the published pattern as ECMA regex and the server agree on which
    names have a visible character (schemathesis found "\u0085\u0085\u0085" refused)."""
    from pydantic import TypeAdapter, ValidationError

    from ozg_desk.protocol.requests import NAMED, Named

    as_ecma = NAMED.replace("\\s", ECMA_SPACE)
    adapter = TypeAdapter(Named)
    for text in ("\u0085\u0085", "\u00a0", " \t", "\u3000", "\ufeff", "\u2028", "a\u0085", "Amt"):
        published = re.fullmatch(as_ecma, text) is not None
        try:
            adapter.validate_python(text)
            accepted = True
        except ValidationError:
            accepted = False
        assert published == accepted, repr(text)
