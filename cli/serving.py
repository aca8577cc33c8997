"""``policykg serve``: the analyst workbench in the browser, over the embedded store or Neo4j."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated

import typer

from policykg.errors import PolicyKGError

from ..graph.engines import open_store
from .app import ONE_STORE, DbOption, Neo4jOption, QuietOption, app, say

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether ``host`` reaches this machine only.

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
        (True, True, True, False)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_hosts(host: str) -> list[str]:
    """The Host names a loopback server answers; a page under any other name is refused (DNS rebinding).

    Example:
        >>> loopback_hosts("127.0.0.1")
        ['127.0.0.1', 'localhost']
    """
    return sorted({host, "127.0.0.1", "localhost"})


@app.command("serve")
def serve(
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; anything but loopback needs the token printed at start."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    quiet: QuietOption = False,
) -> None:
    """Start the analyst workbench: search, entity pages, the ownership matrix, queries, Cypher, graphs.

    The store is opened read-only (Neo4j: read transactions). It listens on
    127.0.0.1 by default; with another --host every visitor needs the token
    that the command prints with the address.
    """
    import uvicorn

    from ..web.app import create_app

    if db is not None and neo4j:
        say(ONE_STORE)
        raise typer.Exit(2)
    loopback = is_loopback(host)
    token = None if loopback else secrets.token_urlsafe(24)
    try:
        store = open_store(db, neo4j=neo4j, read_only=True)
        store.stats()  # fail here, in one line, rather than on the first page
    except PolicyKGError as err:
        say(str(err))
        raise typer.Exit(1) from err
    try:
        application = create_app(store, token=token, allowed_hosts=loopback_hosts(host) if loopback else None)
        shown = f"[{host}]" if ":" in host else host
        address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
        say(f"policykg workbench on {address} (read-only; Ctrl+C stops it)")
        if token:
            say(
                "listening beyond this machine: share the address with its token only with those who may read the graph"
            )
        uvicorn.run(application, host=host, port=port, log_level="warning" if quiet else "info", access_log=not quiet)
    finally:
        store.close()
