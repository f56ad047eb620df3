"""Run the app: on this machine only unless told otherwise, and then only for whoever has the access token."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable
from pathlib import Path

from contractkit.errors import UsageError
from contractkit.web import security
from contractkit.web.app import MAX_UPLOAD_BYTES, Settings, create_app


def settings_for(
    folder: Path,
    *,
    host: str,
    port: int,
    allow_remote: bool,
    as_of: dt.date | None = None,
    max_upload_mb: int | None = None,
) -> tuple[Settings, str]:
    """The app's settings and the address to open; UsageError for a host beyond this machine without the flag."""
    if not folder.is_dir():
        raise UsageError(f"contractkit: {folder}: no such folder; give the folder that holds your projects")
    limit = (max_upload_mb * 1024 * 1024) if max_upload_mb else MAX_UPLOAD_BYTES
    shown_host = f"[{host}]" if ":" in host else host
    if security.is_loopback(host):
        hosts: tuple[str, ...] | None = tuple(security.LOCAL_HOSTS)
        return Settings(folder, as_of, hosts, None, limit), f"http://{shown_host}:{port}/"
    if not allow_remote:
        raise UsageError(
            f"contractkit: --host {host} would let other machines reach your projects; the server binds to 127.0.0.1 "
            "unless you also give --allow-remote (it then requires the access token it prints)"
        )
    token = security.new_token()
    any_address = host in ("0.0.0.0", "::")
    hosts = None if any_address else (*security.LOCAL_HOSTS, host.lower(), shown_host.lower())
    return Settings(folder, as_of, hosts, token, limit), f"http://{shown_host}:{port}/?token={token}"


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, a port that another program holds (uvicorn would log and exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"contractkit: cannot listen on {host}:{port} ({exc.strerror or exc}); is another server running "
                "there? Choose another with --port"
            ) from None


def run(settings: Settings, host: str, port: int, say: Callable[[str], None], url: str) -> None:
    """Serve until interrupted."""
    import uvicorn

    check_port(host, port)
    app = create_app(settings)
    say(f"contractkit serve: {settings.root} at {url}")
    say("Stop it with Ctrl+C.")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
    server = uvicorn.Server(config)
    server.run()
