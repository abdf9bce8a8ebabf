"""Logging in to another server (or the same under a new address) reads its feed from the start."""

from __future__ import annotations

from pathlib import Path

from ozg_desk.sync import service
from ozg_server.services.accounts import issue_token
from tests.helpers import seed_catalogue
from tests.helpers.sync import AMT_A, LiveServer, make_client, server_engine, tenant_with_token


def test_a_new_server_address_starts_the_feed_anew(tmp_path: Path) -> None:
    old_engine = server_engine("sqlite", tmp_path / "alt", None)
    new_engine = server_engine("sqlite", tmp_path / "neu", None)
    with LiveServer(old_engine) as old, LiveServer(new_engine) as new:
        # The new server already holds the Behörde's data, put there by another device.
        bob = make_client("Bob", tmp_path, new.url, tenant_with_token(new.engine, AMT_A, "Amt"))
        seed_catalogue(bob.session.store)
        bob.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        bob.repository.create_anbindung("10160")
        bob.sync()
        bob.close()

        # Anna has synced many changes with the old server: her feed position there is high.
        anna_token = tenant_with_token(old.engine, AMT_A, "Amt")
        anna = make_client("Anna", tmp_path, old.url, anna_token)
        seed_catalogue(anna.session.store)
        service.login(anna.session.store, old.url, anna_token)
        anna.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        for ozg_id in ("10124", "10235", "10237"):
            anna.repository.create_anbindung(ozg_id)
        anna.sync()
        anna.close()

        token = issue_token(new.engine, "behoerde", "pc-anna", AMT_A)
        again = make_client("Anna", tmp_path, new.url, token)  # the same data directory
        session_store = again.session.store
        service.login(session_store, new.url, token)
        engine, transport = service.engine_for(session_store)
        try:
            report = engine.run()
        finally:
            transport.close()
    assert report.pulled > 0
    assert not report.recovered  # another server is not a restored one: no resending
    with session_store.read() as connection:
        bobs = connection.execute(
            "SELECT count(*) FROM anbindung WHERE ozg_id = '10160'"
        ).fetchone()[0]
    assert bobs == 1  # Bob's Anbindung arrived although Anna's old position was far beyond it
    again.close()
    old_engine.dispose()
    new_engine.dispose()
