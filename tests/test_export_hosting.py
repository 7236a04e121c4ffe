"""The nginx and Apache configurations `export -f site` writes (tropekg/export/website/hosting.py), loaded into
Debian's nginx and apache2 on a loopback port over the exported site: each concept's IRI answered 303 to the
representation Accept picks, Vary: Accept, 406 listing the offers, schemes to their tree's files."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

import tropekg
from tropekg.export import export_to
from tropekg.export.website.hosting import ROOT
from tropekg.serve.oxigraph import free_port

from .conftest import need

OFFERED = ("none of the offered media types is acceptable; offered: text/html, text/turtle, application/ld+json, "
           "application/rdf+xml, application/n-triples")
KINDS = {"text/turtle": ("ttl", "turtle"), "application/rdf+xml": ("rdf", "xml"),
         "application/n-triples": ("nt", "nt"), "application/ld+json": ("jsonld", "json-ld"),
         "text/html": ("html", None)}


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    # Under /tmp and readable by all: Apache's children run as www-data when it is started as root.
    folder = Path(tempfile.mkdtemp(prefix="tropekg-hosting-"))
    try:
        export_to(tropekg.load(), "site", str(folder / "site"))
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


@pytest.fixture(scope="module", params=["nginx", "apache2"])
def host(request, site: Path) -> Iterator[str]:
    port = free_port()
    run = Path(tempfile.mkdtemp(prefix=f"tropekg-{request.param}-"))
    run.chmod(0o755)
    command = (_nginx if request.param == "nginx" else _apache)(site, run, port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait(process, port, run / "error.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)  # its own session: the master and its workers, nothing else
        process.wait(timeout=20)
        process.stderr.close()
        shutil.rmtree(run, ignore_errors=True)


def get(base: str, target: str, accept: str | None = None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(base)
    with contextlib.closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)) as conn:
        conn.request("GET", target, headers={"Accept": accept} if accept is not None else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def negotiated(base: str, target: str, accept: str | None) -> tuple[str, str, bytes]:
    status, headers, _ = get(base, target, accept)
    assert status == 303 and "Accept" in headers.get("vary", ""), (status, headers)
    path = urllib.parse.urlsplit(urllib.parse.urljoin(base + target, headers["location"])).path
    status, headers, body = get(base, path)
    assert status == 200, (path, status)
    return path, headers["content-type"], body


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_type_303_then_200_read_back(host, kind):
    ext, parser = KINDS[kind]
    path, content_type, body = negotiated(host, "/netorare", kind)
    assert path == f"/netorare.{ext}" and content_type.split(";")[0] == kind
    if parser:
        graph = rdflib.Graph().parse(data=body, format=parser)
        assert graph.value(rdflib.URIRef("https://w3id.org/tropekg/id/netorare"),
                           rdflib.SKOS.prefLabel) is not None
    else:
        assert b"<h1" in body and b"Netorare" in body


def test_weights_406_browsers_and_schemes(host):
    assert negotiated(host, "/netorare", "text/html;q=0.1, text/turtle")[0] == "/netorare.ttl"
    assert negotiated(host, "/netorare", "text/html,application/xhtml+xml,*/*;q=0.8")[0] == "/netorare.html"
    assert negotiated(host, "/netorare", None)[0] == "/netorare.html"
    status, headers, body = get(host, "/netorare", "image/png")
    assert status == 406 and "Accept" in headers.get("vary", "") and body.decode().strip() == OFFERED
    assert negotiated(host, "/tropes", "application/ld+json")[0] == "/tree/tropes.jsonld"
    json.loads(get(host, "/tree/tropes.jsonld")[2])
    assert get(host, "/no-such-concept", "text/turtle")[0] == 404
