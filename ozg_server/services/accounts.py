"""Tenants (Behörden) and device tokens: opaque random strings stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, insert, select, update
from starlette.requests import Request

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.keys import normalize_ars
from ozg_server.db import schema
from ozg_server.db.database import read_transaction, write_transaction
from ozg_server.services.ledger import now

ROLES = ("behoerde", "land", "admin")
TOKEN_PREFIX = "ozgd_"  # noqa: S105 - a recognisable prefix, not a secret


class AccountError(KnownError):
    """An admin command that cannot be carried out (German message)."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: role, own tenant (None for land/admin tokens) and device name."""

    token_id: str
    role: str
    tenant: str | None
    device: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_tenant(engine: Engine, ars: str, name: str) -> str:
    ars = normalize_ars(ars)
    if not name.strip():
        raise AccountError("Bitte den Namen der Behörde angeben.")
    with write_transaction(engine) as connection:
        exists = connection.execute(
            select(schema.tenant.c.ars).where(schema.tenant.c.ars == ars)
        ).first()
        if exists is not None:
            raise AccountError(f"Die Behörde mit ARS {ars} ist schon angelegt.")
        connection.execute(
            insert(schema.tenant).values(ars=ars, name=name.strip(), created_at=now())
        )
        connection.execute(
            insert(schema.tenant_counter).values(tenant=ars, seq=0, epoch=str(uuid.uuid4()))
        )
    return ars


def issue_token(engine: Engine, role: str, device: str, tenant: str | None = None) -> str:
    """Create a token and return it; only its hash is stored, so it cannot be shown again."""
    if role not in ROLES:
        raise AccountError(f"Unbekannte Rolle „{role}“ (möglich: {', '.join(ROLES)}).")
    if role == "behoerde" and not tenant:
        raise AccountError("Ein Zugang der Rolle „behoerde“ gehört zu einer Behörde (--tenant).")
    if not device.strip():
        raise AccountError("Bitte einen Gerätenamen angeben (--device).")
    with write_transaction(engine) as connection:
        if tenant is not None:
            tenant = normalize_ars(tenant)
            known = connection.execute(
                select(schema.tenant.c.ars).where(schema.tenant.c.ars == tenant)
            ).first()
            if known is None:
                raise AccountError(f"Die Behörde mit ARS {tenant} ist nicht angelegt.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        connection.execute(
            insert(schema.token).values(
                id=str(uuid.uuid4()),
                token_hash=hash_token(token),
                role=role,
                tenant=tenant,
                device=device.strip(),
                created_at=now(),
            )
        )
    return token


MIN_ID_PREFIX = 8
_ID_CHARACTERS = frozenset("0123456789abcdef-")


@dataclass(frozen=True)
class TokenInfo:
    """A token as the admin sees it (never the token itself: only its hash is kept)."""

    id: str
    role: str
    tenant: str | None
    device: str
    created_at: str

    def line(self) -> str:
        return (
            f"{self.id}  {self.role:8}  {self.tenant or '—':12}  {self.device}  ({self.created_at})"
        )


def tokens_to_revoke(
    engine: Engine,
    token_id: str | None = None,
    *,
    tenant: str | None = None,
    device: str | None = None,
) -> list[TokenInfo]:
    """The unrevoked tokens an admin names: by id, by the start of one id (matched literally,
    at least 8 characters, and only if it names a single token), or by device of a tenant."""
    table = schema.token
    condition: ColumnElement[bool] = table.c.revoked_at.is_(None)
    if token_id:
        wanted = token_id.strip().lower()
        if len(wanted) < MIN_ID_PREFIX or not set(wanted) <= _ID_CHARACTERS:
            raise AccountError(
                f"Bitte die Kennung des Schlüssels angeben (mindestens {MIN_ID_PREFIX} Zeichen "
                "ihres Anfangs, nur 0–9, a–f und Bindestriche)."
            )
        condition = condition & table.c.id.startswith(wanted, autoescape=True)
    elif tenant and device:
        condition = (
            condition & (table.c.tenant == normalize_ars(tenant)) & (table.c.device == device)
        )
    else:
        raise AccountError("Bitte --id oder --tenant mit --device angeben.")
    with read_transaction(engine) as connection:
        rows = connection.execute(select(table).where(condition).order_by(table.c.id)).all()
    found = [TokenInfo(row.id, row.role, row.tenant, row.device, row.created_at) for row in rows]
    if token_id and len(found) > 1:
        raise AccountError(
            f"Der Anfang „{token_id.strip()}“ passt auf {len(found)} Schlüssel; bitte mehr "
            "Zeichen der Kennung angeben."
        )
    return found


def revoke_tokens(engine: Engine, tokens: list[TokenInfo]) -> int:
    """Revoke exactly these tokens; returns how many were still valid."""
    table = schema.token
    ids = [token.id for token in tokens]
    with write_transaction(engine) as connection:
        result = connection.execute(
            update(table)
            .where(table.c.id.in_(ids) & table.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )
    with _cache_lock:
        _cache.clear()  # this process forgets at once; others within CACHE_SECONDS
    return int(result.rowcount or 0)


def revoke_token(
    engine: Engine,
    token_id: str | None = None,
    *,
    tenant: str | None = None,
    device: str | None = None,
) -> int:
    """Revoke what `tokens_to_revoke` names, without asking; returns how many."""
    return revoke_tokens(engine, tokens_to_revoke(engine, token_id, tenant=tenant, device=device))


# Valid tokens are remembered for a few seconds: most requests of a sync round then need no
# token query. A revocation in another process takes effect within CACHE_SECONDS.
CACHE_SECONDS = 5.0
_cache: dict[str, tuple[Principal, float]] = {}
_cache_lock = threading.Lock()


def authenticate(engine: Engine, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token; None otherwise."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    with _cache_lock:
        cached = _cache.get(digest)
    if cached is not None and cached[1] > time.monotonic():
        return cached[0]
    with read_transaction(engine) as connection:
        row = connection.execute(
            select(schema.token).where(schema.token.c.token_hash == digest)
        ).first()
    # Found by its hash, so there is nothing left to compare; the hash of a 256-bit random
    # token reveals nothing through timing.
    if row is None or row.revoked_at is not None:
        return None
    principal = Principal(token_id=row.id, role=row.role, tenant=row.tenant, device=row.device)
    with _cache_lock:
        if len(_cache) > 10_000:
            _cache.clear()
        _cache[digest] = (principal, time.monotonic() + CACHE_SECONDS)
    return principal


UNKNOWN_TOKEN = "Der Zugangsschlüssel ist ungültig oder wurde gesperrt."  # noqa: S105 - a message


def principal_or_none(request: Request) -> Principal | None:
    """The principal of the request's bearer token, if it is valid."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return authenticate(request.app.state.engine, token.strip())


def tenant_name(engine: Engine, ars: str) -> str | None:
    with read_transaction(engine) as connection:
        return connection.execute(
            select(schema.tenant.c.name).where(schema.tenant.c.ars == ars)
        ).scalar()
