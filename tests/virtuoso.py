"""A real OpenLink Virtuoso (Debian's virtuoso-opensource-7-bin) for the endpoint tests: started from a generated
virtuoso.ini in a temporary folder (loopback HTTP and SQL ports, ResultSetMaxRows = 10000 as public endpoints keep
it, small buffers), waited for under a time limit, and killed afterwards with its folder removed."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import need

START_S = 300  # a new database builds its system tables first: about 45 s on 2 shared cores
USER = "dba:dba"  # a new database's administrator; SPARQL_UPDATE through /sparql-graph-crud-auth (digest)
ROWS = 10_000  # ResultSetMaxRows, Virtuoso's default and DBpedia's

_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMemory = 200M
DirsAllowed = {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10
MaxKeepAlives = 10

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    base: str  # http://127.0.0.1:PORT
    started_s: float  # from the process start to the first answer

    @property
    def query(self) -> str:
        return self.base + "/sparql"

    @property
    def store(self) -> str:  # Graph Store Protocol, digest authentication
        return self.base + "/sparql-graph-crud-auth"

    @property
    def update(self) -> str:  # SPARQL 1.1 Update, digest authentication
        return self.base + "/sparql-auth"


@contextlib.contextmanager
def virtuoso_serve() -> Iterator[Virtuoso]:
    """A new Virtuoso on free loopback ports; its folder is removed afterwards, whatever happened."""
    from tropekg.serve.oxigraph import free_port

    binary = need("virtuoso-t")
    with tempfile.TemporaryDirectory(prefix="tropekg-virtuoso-") as folder:
        http, sql = free_port(), free_port()
        ini = Path(folder) / "virtuoso.ini"
        ini.write_text(_INI.format(folder=folder, sql=sql, http=http, rows=ROWS))
        started = time.monotonic()
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{http}"
            _wait(process, base + "/sparql?query=ASK%7B%7D", Path(folder) / "virtuoso.log")
            yield Virtuoso(base, round(time.monotonic() - started, 1))
        finally:
            process.kill()  # nothing of it is kept: no checkpoint to wait for
            process.wait(timeout=30)


def _wait(process: subprocess.Popen, url: str, log: Path) -> None:
    end = time.monotonic() + START_S
    while time.monotonic() < end:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            urllib.request.urlopen(url, timeout=2).close()
            return
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {START_S} s")
