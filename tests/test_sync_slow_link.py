"""Sync over a slow, lossy rural link (the fault-injecting TCP proxy between client and server)."""

from __future__ import annotations

from pathlib import Path

from ozg_desk.store import queries
from ozg_desk.sync.transport import HttpTransport
from tests.helpers import seed_catalogue
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.sync import AMT_A, LiveServer, make_client, tenant_with_token


def test_a_slow_link_with_a_reset_in_the_middle_still_syncs_everything(
    live_server: LiveServer, tmp_path: Path
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    with FaultProxy(("127.0.0.1", live_server.port), latency=0.05, bandwidth=40_000) as proxy:
        transport = HttpTransport(
            proxy.url,
            token,
            connect_timeout=2,
            read_timeout=5,
            attempts=4,
            sleep=lambda _seconds: None,
        )
        first = make_client("Anna", tmp_path, proxy.url, token, transport=transport)
        seed_catalogue(first.session.store)
        first.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        for ozg_id in ("10124", "10160", "10235", "10237"):
            first.repository.create_anbindung(ozg_id)
        # The first answer is cut off after 200 bytes: the server has committed, the client
        # retries and gets the stored answer.
        proxy.set(reset_after_bytes=200)
        proxy.reset_counters()

        def lift() -> None:
            proxy.set(reset_after_bytes=None)

        original = transport.sleep
        transport.sleep = lambda seconds: (lift(), original(seconds))[1]
        report = first.sync()
        assert report.pushed == 37 and report.conflicts == 0
        assert proxy.bytes_up > 0 and proxy.connections >= 2

        second = make_client(
            "Bernd",
            tmp_path,
            proxy.url,
            token,
            transport=HttpTransport(proxy.url, token, attempts=2),
        )
        seed_catalogue(second.session.store)
        second.sync()
        with second.session.store.read() as connection:
            behoerde = queries.local_behoerde(connection)
            assert behoerde is not None  # the new device joined its Behörde
            tracked = [
                row.ozg_id
                for row in queries.leistungen(connection, behoerde.id)
                if row.anbindung_id
            ]
        assert tracked == ["10124", "10160", "10235", "10237"]
        first.close()
        second.close()
