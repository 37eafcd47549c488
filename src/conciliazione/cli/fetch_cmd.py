"""``conciliazione fetch``: download the ATS pages whose address is known into dated snapshots."""

from __future__ import annotations

from pathlib import Path

import click

from conciliazione.cli.console import echo, working
from conciliazione.cli.context import current_state
from conciliazione.cli.errors import OK, USAGE, exit_codes_help
from conciliazione.cli.options import ats_arg, ats_option


@click.command(
    "fetch",
    epilog=exit_codes_help(
        ok="every page with a known address was downloaded and stored as a snapshot",
        usage=(
            "usage error, or a download that failed (no answer in time, too large, a redirect "
            "loop, not a web page, an HTTP error, a dropped connection: the message names the "
            "address), or no selected page has a known address"
        ),
    ),
)
@ats_option
@click.option(
    "--snapshots",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory of the snapshots (created if missing; earlier snapshots are kept).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Time allowed for each page's whole download.",
)
@click.option(
    "--max-bytes",
    default=5 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="The largest page accepted.",
)
@click.option(
    "--max-redirects",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Redirects followed before giving up.",
)
@click.option(
    "--retries",
    default=0,
    show_default=True,
    type=click.IntRange(min=0, max=5),
    metavar="N",
    help="Tries again after a timeout, a dropped connection or a 5xx answer (none by default).",
)
def fetch(
    ats: tuple[str, ...],
    snapshots: Path,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    retries: int,
) -> None:
    """Download each page whose public address its plugin declares, and store it in DIR as a
    dated snapshot: the bytes as served, with the address, the time of retrieval, the
    server's Date, ETag and Last-Modified and the SHA-256. `export --snapshots DIR` then
    reads the latest snapshot of each page, offline.

    A page whose address nobody has confirmed is not guessed at: it is listed as skipped
    (read a copy of it with `--source URL` on export or validate).

    \b
    Python equivalent:
      from conciliazione.api import fetch
      from conciliazione.fetching import FetchLimits
      run = fetch("snapshots/", ats=None, limits=FetchLimits(timeout=30.0))
    """
    from conciliazione.api import fetch as fetch_pages
    from conciliazione.fetching import FetchLimits

    limits = FetchLimits(
        timeout=timeout, max_bytes=max_bytes, max_redirects=max_redirects, retries=retries
    )
    state = current_state()
    with working("Downloading pages…"):
        run = fetch_pages(snapshots, ats_arg(ats), host=state.host(), limits=limits)
    for snapshot in run.saved:
        meta = snapshot.metadata
        echo(
            f"saved {snapshot.ats_id} {snapshot.page} from {snapshot.address} "
            f"({meta['bytes']:,} bytes, sha256 {str(meta['sha256'])[:12]}…) as {snapshot.data_path}"
        )
    for ats_id, page in run.without_address:
        echo(f"skipped {ats_id} {page}: no known address (give it with --source URL)")
    for failure in run.failed:
        click.echo(f"Error: {failure}", err=True)
    if not run.saved and not run.failed:
        click.echo(
            "Error: none of the selected pages has a known address; nothing was downloaded",
            err=True,
        )
        click.get_current_context().exit(USAGE)
    click.get_current_context().exit(USAGE if run.failed else OK)
