"""A desktop for reading OZG-Desk as a screen reader does on Linux: Xvfb, a private D-Bus session
bus and the AT-SPI bus (Debian's xvfb, dbus-daemon, at-spi2-core), the program on the xcb
platform, and its accessibility tree read over AT-SPI with jeepney (pure-Python D-Bus).

Written here rather than with pyatspi: that comes only as Debian's system-Python binding, and
the test suite runs in a virtual environment.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBusAddress, Properties, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
REGISTRY = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")
NULL = "/org/a11y/atspi/null"
PREFIX = "org.a11y.atspi."
TOOLS = ("Xvfb", "dbus-daemon", BUS_LAUNCHER)
# AtspiStateType, in bit order (GetState answers two 32-bit words).
STATES = (  # noqa: SIM905 - easier to read than 44 quoted names
    "invalid active armed busy checked collapsed defunct editable enabled expandable "
    "expanded focusable focused has_tooltip horizontal iconified modal multi_line "
    "multiselectable opaque pressed resizable selectable selected sensitive showing "
    "single_line stale transient vertical visible manages_descendants indeterminate "
    "required truncated animated invalid_entry supports_autocompletion selectable_text "
    "is_default visited checkable has_popup read_only"
).split()
LABELLED_BY = 2  # AtspiRelationType
Ref = tuple[str, str]  # (bus name, object path)


def available() -> str | None:
    """Why the desktop cannot be started here (a missing tool), or None."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    # Qt's xcb platform needs this one since Qt 6.5; Debian images often lack it.
    missing += [] if ctypes.util.find_library("xcb-cursor") else ["libxcb-cursor0"]
    return f"fehlt: {', '.join(missing)} (.ci/run installiert es)" if missing else None


@dataclass
class Node:
    """One accessible object as AT-SPI reports it."""

    ref: Ref
    depth: int
    role: str
    name: str
    states: set[str]
    extents: tuple[int, int, int, int] | None = None  # x, y, width, height on screen
    column_headers: list[str] = field(default_factory=list)
    labelled_by: list[str] = field(default_factory=list)  # the names of its labels

    @property
    def heard(self) -> str:
        """What a screen reader announces it as: its labels, else its own name. (Qt names
        a combo box by its current value on Linux and gives the label as a relation.)"""
        return " ".join(self.labelled_by) or self.name

    @property
    def showing(self) -> bool:
        return "showing" in self.states

    def __str__(self) -> str:
        return f"{'  ' * self.depth}[{self.role}] {self.name!r} {sorted(self.states)[:4]}"


class Desktop:
    """The private desktop; `launch` starts the program on it, `walk` reads its tree."""

    def __init__(self, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self.processes: list[subprocess.Popen[Any]] = []

    def __enter__(self) -> Desktop:
        self.runtime = tempfile.mkdtemp(prefix="ozg-atspi-")
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _spawn(self, command: list[str], **options: Any) -> subprocess.Popen[Any]:
        process = subprocess.Popen(command, start_new_session=True, **options)
        self.processes.append(process)
        return process

    def _start(self) -> None:
        bus = self._spawn(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert bus.stdout is not None
        self.session_address = bus.stdout.readline().strip()
        read, write = os.pipe()  # Xvfb picks a free display and reports it here
        self._spawn(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as reader:
            self.display = ":" + reader.readline().strip()
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.session_address}
        env |= {"DISPLAY": self.display, "XDG_RUNTIME_DIR": self.runtime}
        for name in ("AT_SPI_BUS_ADDRESS", "WAYLAND_DISPLAY", "XAUTHORITY", "QT_QPA_PLATFORM"):
            env.pop(name, None)
        self.env = env
        self._spawn(
            [BUS_LAUNCHER, "--launch-immediately"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.session = open_dbus_connection(bus=self.session_address)
        self.wait(
            lambda: _call(self.session, message_bus.NameHasOwner("org.a11y.Bus"))[0], "AT-SPI"
        )
        a11y = DBusAddress("/org/a11y/bus", "org.a11y.Bus", "org.a11y.Bus")
        address = _call(self.session, new_method_call(a11y, "GetAddress"))[0]
        status = Properties(DBusAddress("/org/a11y/bus", "org.a11y.Bus", "org.a11y.Status"))
        for flag in ("IsEnabled", "ScreenReaderEnabled"):  # as Orca announces itself
            _call(self.session, status.set(flag, "b", True))
        self.connection: DBusConnection = open_dbus_connection(bus=address)
        self.wait(lambda: self.children(REGISTRY) is not None, "AT-SPI registry")

    def launch(self, command: list[str], env: dict[str, str] | None = None) -> Ref:
        """Start the program on the xcb platform; its AT-SPI root once its window shows."""
        program_env = {**self.env, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "1"}
        program_env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
        process = self._spawn(command, env={**program_env, **(env or {})})

        def registered() -> Ref | None:
            if process.poll() is not None:
                raise RuntimeError(f"das Programm endete mit {process.returncode}")
            return self._application(process.pid)

        root = self.wait(registered, "das Programm im AT-SPI-Verzeichnis")
        self.wait(lambda: any(self.node(c).showing for c in self.children(root)), "sein Fenster")
        self.pid, self.program = process.pid, process
        return root

    def quit_program(self) -> None:
        """End the program launched last (the next one gets the keyboard alone)."""
        os.killpg(self.program.pid, signal.SIGTERM)
        self.program.wait(timeout=10)

    def _application(self, pid: int) -> Ref | None:
        for application in self.children(REGISTRY):
            owner = _call(self.connection, message_bus.GetConnectionUnixProcessID(application[0]))
            if owner[0] == pid:
                return application
        return None

    def close(self) -> None:
        for name in ("connection", "session"):
            if hasattr(self, name):
                getattr(self, name).close()
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process.stdout:
                process.stdout.close()
        self.processes.clear()
        shutil.rmtree(getattr(self, "runtime", ""), ignore_errors=True)

    # --- reading ---------------------------------------------------------------------------

    def wait(self, ready: Callable[[], Any], what: str) -> Any:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                value = ready()
                if value:
                    return value
            except DBusErrorResponse:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: nicht erschienen")
            time.sleep(0.05)

    def call(self, ref: Ref, interface: str, method: str, signature: str | None = None,
             args: tuple[Any, ...] = ()) -> Any:  # fmt: skip
        address = DBusAddress(ref[1], ref[0], PREFIX + interface)
        return _call(self.connection, new_method_call(address, method, signature, args))

    def prop(self, ref: Ref, interface: str, name: str) -> Any:
        address = DBusAddress(ref[1], ref[0], PREFIX + interface)
        return _call(self.connection, Properties(address).get(name))[0][1]

    def children(self, ref: Ref) -> list[Ref]:
        return [tuple(child) for child in self.call(ref, "Accessible", "GetChildren")[0]]  # type: ignore[misc]

    def node(self, ref: Ref, depth: int = 0) -> Node:
        words = self.call(ref, "Accessible", "GetState")[0]
        bits = words[0] | (words[1] << 32)
        states = {name for index, name in enumerate(STATES) if bits >> index & 1}
        interfaces = set(self.call(ref, "Accessible", "GetInterfaces")[0])
        node = Node(
            ref,
            depth,
            self.call(ref, "Accessible", "GetRoleName")[0],
            self.prop(ref, "Accessible", "Name"),
            states,
        )
        if PREFIX + "Component" in interfaces:
            node.extents = tuple(self.call(ref, "Component", "GetExtents", "u", (0,))[0])  # type: ignore[assignment]
        for relation, targets in self.call(ref, "Accessible", "GetRelationSet")[0]:
            if relation == LABELLED_BY:
                node.labelled_by += [self.prop(tuple(t), "Accessible", "Name") for t in targets]
        if PREFIX + "Table" in interfaces:
            for column in range(self.prop(ref, "Table", "NColumns")):
                header = tuple(self.call(ref, "Table", "GetColumnHeader", "i", (column,))[0])
                name = self.prop(header, "Accessible", "Name") if header[1] != NULL else ""
                node.column_headers.append(name)
        return node

    def walk(self, root: Ref, depth: int = 0) -> Iterator[Node]:
        """Depth first, as a screen reader's review of the window; the cells of a table are
        left out (a list of 557 services would be thousands of objects), its headers kept."""
        node = self.node(root, depth)
        yield node
        if node.role == "table" or not (node.showing or depth < 2):
            return
        for child in self.children(root):
            yield from self.walk(child, depth + 1)

    def focused(self, root: Ref) -> Node | None:
        """What has the keyboard focus. Qt also marks the current item of a list and the
        current page tab as focused, whether or not their view has the focus: they count
        only when nothing else does."""
        found = [node for node in self.walk(root) if "focused" in node.states]
        items = ("page tab", "list item", "table cell")
        return next((node for node in found if node.role not in items), found[0] if found else None)

    def key(self, name: str, *modifiers: str) -> None:
        """Press a key (X keysym name, e.g. "Tab", "Down", "f") with modifiers ("Control_L")
        on the X server, as the keyboard does (XTest)."""
        from Xlib import XK, X
        from Xlib import display as xdisplay
        from Xlib.ext import xtest

        screen = xdisplay.Display(self.display)
        try:
            held = [screen.keysym_to_keycode(XK.string_to_keysym(m)) for m in modifiers]
            code = screen.keysym_to_keycode(XK.string_to_keysym(name))
            for modifier in held:
                xtest.fake_input(screen, X.KeyPress, modifier)
            xtest.fake_input(screen, X.KeyPress, code)
            xtest.fake_input(screen, X.KeyRelease, code)
            for modifier in reversed(held):
                xtest.fake_input(screen, X.KeyRelease, modifier)
            screen.sync()
        finally:
            screen.close()

    def focus_moves(self, root: Ref, name: str, *modifiers: str) -> Node:
        """Press a key until the focus has moved (a key that did not reach the window is
        pressed again, at most three times); the node that has the focus now."""
        before = self.focused(root)
        for _attempt in range(3):
            self.key(name, *modifiers)
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                now = self.focused(root)
                if now is not None and (before is None or now.ref != before.ref):
                    return now
                time.sleep(0.1)
        raise TimeoutError(f"der Fokus bewegt sich nicht mit {'+'.join((*modifiers, name))}")

    def activate(self) -> None:
        """No window manager runs under Xvfb: give the program's window the input focus."""
        from Xlib import X
        from Xlib import display as xdisplay

        screen = xdisplay.Display(self.display)
        try:
            pid_atom = screen.intern_atom("_NET_WM_PID")
            for window in screen.screen().root.query_tree().children:
                prop = window.get_full_property(pid_atom, X.AnyPropertyType)
                viewable = window.get_attributes().map_state == X.IsViewable
                if prop and prop.value[0] == self.pid and viewable:
                    window.set_input_focus(X.RevertToParent, X.CurrentTime)
                    screen.sync()
        finally:
            screen.close()
        # The first key after the focus arrives is lost (Qt takes it for the activation):
        # a harmless one goes first.
        time.sleep(0.8)
        self.key("Shift_L")
        time.sleep(0.3)


def _call(connection: DBusConnection, message: Any) -> Any:
    return unwrap_msg(connection.send_and_get_reply(message, timeout=5))
