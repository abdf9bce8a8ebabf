"""The data directory: local per-user folder, never a network share, demo kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from ozg_desk.app.paths import (
    DataDirRefused,
    default_data_dir,
    is_network_path,
    mount_fstype,
    prepare_data_dir,
)

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export/home /mnt/home nfs4 rw,relatime 0 0
//fileserver/amt /mnt/amt cifs rw 0 0
/dev/vdb /mnt/amt/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/user", "ext4"),
        ("/mnt/home/user/data", "nfs4"),
        ("/mnt/amt/x", "cifs"),
        ("/mnt/amt/local/x", "ext4"),
        ("/mnt/amtx", "ext4"),
    ],
)
def test_mount_table_lookup_uses_the_longest_mount_point(path: str, fstype: str) -> None:
    assert mount_fstype(Path(path), MOUNTS) == fstype


def test_unc_paths_are_network_paths() -> None:
    assert is_network_path(Path("//fileserver/amt/OZG-Desk"))


def test_a_network_share_is_refused_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ozg_desk.app.paths.is_network_path", lambda _path: True)
    with pytest.raises(DataDirRefused, match="Netzlaufwerk.*lokalen Ordner"):
        prepare_data_dir(Path("/mnt/amt/ozg"))


def test_a_local_folder_is_created(tmp_path: Path) -> None:
    data_dir = prepare_data_dir(tmp_path / "neu" / "daten")
    assert data_dir.root.is_dir()
    assert data_dir.database.name == "ozg-desk.sqlite"


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    with pytest.raises(DataDirRefused):
        prepare_data_dir(blocker)


def test_demo_data_never_goes_into_the_real_data_directory() -> None:
    assert default_data_dir(demo=True) != default_data_dir()
    assert default_data_dir(demo=True).name == "OZG-Desk-Demo"
