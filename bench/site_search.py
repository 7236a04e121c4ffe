"""Search in a built site, in headless Chromium: how long a query takes to show its matches.

    python bench/site_search.py SITE_DIR [QUERY ...]

Opens SITE_DIR/search.html from file:// with Debian's chromium (as the tests do), types each query (fresh page
each time, so every query loads its shard), and prints the milliseconds from typing to the status line
("N matches"), the matches' count, and the bytes of the shard it read. Run it on the 100k site that bench/site.py
builds (keep it with: python cli.py export -f site -o DIR syn-100k.ttl).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

QUERIES = ["concept 54321", "begriff 777", "c9999", "synthetic", "c12 alias", "concept"]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    site = Path(argv[0]).resolve()
    queries = argv[1:] or QUERIES
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"])
        for query in queries:
            page = browser.new_page()
            sizes: list[int] = []
            page.on("response", lambda r, sizes=sizes: "/_site/search/" in r.url and sizes.append(r.url))
            start = time.perf_counter()
            page.goto((site / "search.html").as_uri())
            page.wait_for_function("window.tkKeys !== undefined && document.getElementById('tk-status') !== null")
            loaded = time.perf_counter()
            page.fill("#tk-q", query)
            page.wait_for_function("/match/i.test(document.getElementById('tk-status').textContent)")
            done = time.perf_counter()
            status = page.locator("#tk-status").text_content()
            shard = sum((site / "_site" / "search" / u.rsplit("/", 1)[1]).stat().st_size
                        for u in sizes if not u.endswith("keys.js"))
            print(f"{query!r:>18}: page {1000 * (loaded - start):6.0f} ms, query {1000 * (done - loaded):6.0f} ms, "
                  f"{status} (shard {shard:,} bytes)")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
