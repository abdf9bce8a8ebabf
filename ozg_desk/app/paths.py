"""Where OZG-Desk keeps its data: the per-user local (never roaming) data directory."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ozg_desk.app.errors import KnownError, os_reason

APP_NAME = "OZG-Desk"
DEMO_NAME = "OZG-Desk-Demo"
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "9p",
        "fuse.sshfs",
        "sshfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "fuse.rclone",
    }
)
_DRIVE_REMOTE = 4  # GetDriveTypeW result for a network drive


class DataDirRefused(KnownError):
    """The data directory is not acceptable (e.g. on a network share)."""


@dataclass(frozen=True)
class DataDir:
    """The files inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "ozg-desk.sqlite"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def documents(self) -> Path:
        """Generated PDFs, one per document number (they never change once written)."""
        return self.root / "dokumente"

    @property
    def templates(self) -> Path:
        """The user's own templates; one here replaces the shipped template of its type."""
        return self.root / "vorlagen"

    @property
    def lock_file(self) -> Path:
        return self.root / "ozg-desk.lock"


def default_data_dir(*, demo: bool = False) -> Path:
    """The local per-user data directory (Windows: %LOCALAPPDATA%, never the roaming profile)."""
    name = DEMO_NAME if demo else APP_NAME
    return Path(platformdirs.user_data_dir(name, appauthor=False, roaming=False))


def prepare_data_dir(path: Path | None, *, demo: bool = False) -> DataDir:
    """Resolve, check and create the data directory; refuse network shares with a message."""
    root = (path or default_data_dir(demo=demo)).expanduser()
    if is_network_path(root):
        raise DataDirRefused(
            f"Der Datenordner „{root}“ liegt auf einem Netzlaufwerk. Dort kann die Datenbank "
            "beschädigt werden; bitte einen lokalen Ordner wählen (--data-dir)."
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataDirRefused(
            f"Der Datenordner „{root}“ kann nicht angelegt werden: {os_reason(error)}."
        ) from error
    if not root.is_dir():
        raise DataDirRefused(f"„{root}“ ist kein Ordner.")
    return DataDir(root.resolve())


def is_network_path(path: Path) -> bool:
    """Whether `path` (or the nearest existing parent) lies on a network share."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True  # UNC path
    if sys.platform == "win32":
        return _windows_drive_is_remote(path)
    mounts = Path("/proc/self/mounts")
    if not mounts.exists():
        return False
    return mount_fstype(_existing(path.absolute()), mounts.read_text(encoding="utf-8")) in (
        NETWORK_FILESYSTEMS
    )


def mount_fstype(path: Path, mount_table: str) -> str:
    """The file system type of the longest mount point containing `path` in a mount table."""
    best, fstype = "", ""
    target = str(path)
    for line in mount_table.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, parts[2]
    return fstype


def _existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _windows_drive_is_remote(path: Path) -> bool:
    import ctypes  # noqa: PLC0415 - Windows only

    drive = os.path.splitdrive(str(path.absolute()))[0]
    if not drive:
        return False
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE)
