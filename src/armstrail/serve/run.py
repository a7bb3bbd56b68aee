"""Running the app for ``armstrail serve``: one process, or several sharing one listening socket."""

from __future__ import annotations

import os
import socket

import uvicorn
from sqlalchemy import Engine
from uvicorn.supervisors import Multiprocess

from armstrail.serve.app import ServeOptions, create_app, worker_environment

LOG_LEVEL = "warning"


def run(engine: Engine, db: str, options: ServeOptions, host: str, port: int, workers: int = 1) -> None:
    """Serve the store until interrupted. With ``workers`` > 1 each process opens the store itself
    (``app_from_environment``): Python runs one request's code at a time per process."""
    if workers == 1:
        uvicorn.run(create_app(engine, options), host=host, port=port, log_level=LOG_LEVEL)
        return
    engine.dispose()  # connections cannot cross processes
    os.environ.update(worker_environment(db, options))
    config = uvicorn.Config(
        "armstrail.serve.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=LOG_LEVEL,
    )
    Multiprocess(config, sockets=[listening_socket(host, port)]).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """The shared socket, created as TCP explicitly: asyncio disables Nagle's algorithm only on
    connections from such a socket, and without that every keep-alive response waited ~40 ms for
    the client's delayed ACK (uvicorn's own multi-worker socket leaves the protocol unset)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
