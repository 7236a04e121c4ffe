"""Real servers for the endpoint and publish tests: `tropekg serve` and Oxigraph's `oxigraph serve`, nginx and
Apache over an exported site, and a proxy that records the queries sent through it (so a test sees where a
command ran them)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .conftest import ROOT, need


def oxigraph() -> str:
    """The `oxigraph` binary of the PyPI package: beside this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else need("oxigraph")


def wait_for(url: str, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=1).close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


@contextlib.contextmanager
def tropekg_serve(*args: str, env: dict | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`tropekg serve --port 0 ARGS` as a process; yields its /query URL and the process (stderr is a pipe)."""
    oxigraph()
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stderr.readline()
        found = re.search(r"(http://\S+/query)", line)
        assert found, line + process.stderr.read()
        yield found[1], process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)
        process.stderr.close()


def _wait(process: subprocess.Popen, port: int, log: Path) -> None:
    end = time.monotonic() + 20
    while time.monotonic() < end:
        assert process.poll() is None, log.read_text() if log.exists() else "it stopped"
        with contextlib.suppress(OSError):
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=2)) as conn:
                conn.request("GET", "/index.html")
                conn.getresponse().read()
                return
        time.sleep(0.1)
    raise AssertionError("the server did not answer within 20 s")


def _site_config(site: Path, name: str, port: int) -> str:
    from tropekg.export.website.hosting import ROOT

    text = (site / "_site" / name).read_text(encoding="utf-8").replace(ROOT, str(site))
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("<VirtualHost *:80>", "<VirtualHost *>")


def _nginx(site: Path, run: Path, port: int) -> list[str]:
    (run / "site.conf").write_text(_site_config(site, "nginx.conf", port))
    temps = "".join(f"{kind}_temp_path {run}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                     "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (run / "main.conf").write_text(f"{user}daemon off;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\n"
                                   f"events {{}}\nhttp {{\naccess_log off;\n{temps}include {run}/site.conf;\n}}\n")
    return [need("nginx"), "-p", str(run), "-c", str(run / "main.conf"), "-e", str(run / "error.log")]


def _apache(site: Path, run: Path, port: int) -> list[str]:
    (run / "site.conf").write_text(_site_config(site, "apache.conf", port))
    modules = "".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so\n"
                      for name in ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers"))
    (run / "main.conf").write_text(
        f"ServerRoot {run}\nServerName localhost\nListen 127.0.0.1:{port}\nPidFile {run}/apache.pid\n"
        f"ErrorLog {run}/error.log\nDefaultRuntimeDir {run}\n{modules}User www-data\nGroup www-data\n"
        f"TypesConfig /etc/mime.types\nInclude {run}/site.conf\n")
    return [need("apache2"), "-f", str(run / "main.conf"), "-DFOREGROUND"]


@contextlib.contextmanager
def static_server(kind: str, site: Path) -> Iterator[str]:
    """Debian's nginx or apache2 (`kind`) on a free loopback port, serving the exported `site` folder with the
    configuration it holds (_site/nginx.conf, _site/apache.conf); yields its base URL; stopped on exit."""
    from tropekg.serve.oxigraph import free_port

    port = free_port()
    run = Path(tempfile.mkdtemp(prefix=f"tropekg-{kind}-"))
    run.chmod(0o755)
    command = (_nginx if kind == "nginx" else _apache)(site, run, port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait(process, port, run / "error.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)  # its own session: the master and its workers, nothing else
        process.wait(timeout=20)
        shutil.rmtree(run, ignore_errors=True)


def children(pid: int, name: str | None = None) -> list[int]:
    """The processes whose parent is `pid` (named `name`, when given), from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            text = stat.read_text()
            comm, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and name in (None, comm):
                found.append(int(stat.parent.name))
    return found


@contextlib.contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A writable `oxigraph serve` on a free loopback port; yields its base URL."""
    from tropekg.serve.oxigraph import free_port

    port = free_port()
    process = subprocess.Popen([oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def recording_proxy(target: str, cap: int | None = None,
                    answered: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """A loopback proxy to the base URL `target` that forwards each POST as it came and records its `query` field;
    yields its own base URL and the list of queries. With `cap`, answers keep their first `cap` rows or triples and
    still say 200, as Virtuoso does past its ResultSetMaxRows. With `answered`, the requests after that many have
    their connection closed without an answer, as a store does that stops or restarts mid-run."""
    seen: list[str] = []

    class Forward(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(urllib.parse.parse_qs(body.decode()).get("query", [""])[0])
            if answered is not None and len(seen) > answered:
                self.close_connection = True
                return
            headers = {k: self.headers[k] for k in ("Content-Type", "Accept") if self.headers[k]}
            request = urllib.request.Request(target + self.path, data=body, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=600) as response:
                    status, kind, data = response.status, response.headers["Content-Type"], response.read()
            except urllib.error.HTTPError as e:
                status, kind, data = e.code, e.headers["Content-Type"] or "text/plain", e.read()
            if cap is not None and status == 200:
                data = _cut(kind, data, cap)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


def _cut(kind: str, data: bytes, cap: int) -> bytes:
    """The first `cap` rows of a SPARQL JSON or CSV answer, or the first `cap` lines of N-Triples."""
    if kind.startswith("application/sparql-results+json"):
        answer = json.loads(data)
        if "results" in answer:
            answer["results"]["bindings"] = answer["results"]["bindings"][:cap]
        return json.dumps(answer).encode()
    lines = data.splitlines(keepends=True)
    return b"".join(lines[:cap + 1] if kind.startswith("text/csv") else lines[:cap])
