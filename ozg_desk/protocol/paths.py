"""The API's paths, once for the client that calls them and the server that routes them."""

from __future__ import annotations

API = "/api/v1"  # below this prefix every call but the status names the protocol version

STATUS = "/status"
WHOAMI = "/whoami"
PUSH = "/push"
CHANGES = "/changes"
RELEASES = "/releases/{kind}"
REMARKS = "/remarks"
TENANTS = "/tenants"


def url(path: str, **parts: str) -> str:
    """The full path of a call, e.g. `url(RELEASES, kind="catalogue")`."""
    return API + path.format(**parts)
