"""What the setup pages have collected so far; pages read earlier answers from here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ozg_desk.store.area_queries import Area


@dataclass
class SetupState:
    """The chosen area (None when typed by hand) and the values of the finished pages."""

    author: str
    area: Area | None = None
    ars: str = ""
    typ: str = "amt"
    details: dict[str, object] = field(default_factory=dict)
    signatories: dict[str, object] = field(default_factory=dict)
    gemeinden: list[dict[str, object]] = field(default_factory=list)

    def behoerde_fields(self) -> dict[str, object]:
        """All fields of the Behörde record as the repository takes them."""
        return {"ars": self.ars, **self.details, **self.signatories}
