"""Reading time of a page against its size: 1, 4 and 16 MB pages, each plugin, two shapes.

Run from the project's environment::

    python bench/pages.py                     # 1, 4 and 16 MB
    python bench/pages.py --sizes 1 2 4       # other sizes (MB)

Each installed plugin's built-in page is repeated up to the size, as published (many lines)
and with its newlines turned into spaces (one long line: the shape that exposed quadratic
regular expressions). The time is :func:`conciliazione.api.load` on the file — routing (every
plugin's recogniser) and reading — with the page limit raised. The script prints, per plugin
and shape, the seconds for each size and the cost per MB; reading is linear when the cost per
MB stays flat as the size grows. Times on a shared 2-core machine vary ±20-40%: compare the
per-MB figures within one run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from conciliazione.api import load
from conciliazione.plugins.manager import make_plugin_host

MB = 1 << 20


def _page(text: str, size: int, one_line: bool) -> str:
    body = (text * (size // len(text) + 1))[:size]
    return body.replace("\n", " ") if one_line else body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16], help="sizes in MB")
    args = parser.parse_args()
    host = make_plugin_host(environ={})
    print(f"{'plugin':<10} {'shape':<9}" + "".join(f"{f'{s} MB':>10}" for s in args.sizes))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.txt"
        for info in host.plugins:
            (document, *_) = host.builtin_sources(info.name)
            for shape in ("lines", "one line"):
                seconds: list[float] = []
                for size in args.sizes:
                    path.write_text(_page(document.text, size * MB, shape == "one line"))
                    start = time.perf_counter()
                    load([info.ats_id], [path], host=host, max_page_bytes=None)
                    seconds.append(time.perf_counter() - start)
                row = "".join(f"{s:>9.2f}s" for s in seconds)
                per_mb = " ".join(
                    f"{s / size:.2f}" for s, size in zip(seconds, args.sizes, strict=True)
                )
                print(f"{info.name:<10} {shape:<9}{row}   s/MB: {per_mb}", flush=True)


if __name__ == "__main__":
    main()
