"""An s3:// replica with an endpoint option, against an S3 server the test starts on 127.0.0.1
(moto in server mode): the path a manager takes with MinIO, R2, B2 or AWS itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from replicas import (
    Replicator,
    needs_litestream,
    ok,
    replica_position,
    rows,
    sam,
    shipped_past,
    wait_for,
)

from sam_tui.interop import replication

pytestmark = needs_litestream


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh S3 server on 127.0.0.1 with one bucket; credentials only in the environment."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is in the test extra")
    boto3 = pytest.importorskip("boto3")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        for name, value in (
            ("AWS_ACCESS_KEY_ID", "testing-key"),
            ("AWS_SECRET_ACCESS_KEY", "testing-secret"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ):
            monkeypatch.setenv(name, value)
        # Litestream 0.5.17's S3 client cannot take a CA bundle (README: S3 storage)
        monkeypatch.delenv("AWS_CA_BUNDLE", raising=False)
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket="books")
        yield endpoint
    finally:
        server.stop()


def test_an_s3_replica_with_an_endpoint_round_trips(
    s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAM_NOW", raising=False)  # Litestream stamps with the real time
    book = tmp_path / "laptop" / "sam.db"
    book.parent.mkdir(mode=0o700)
    ok(sam("account", "add", "Acme", db=book))
    ok(sam("log", "acme", "before the replica", db=book))
    out = ok(
        sam(
            "replicate",
            "setup",
            "s3://books/managers/ann",
            "--endpoint",
            s3_endpoint,
            "--region",
            "us-east-1",
            db=book,
        )
    )
    assert f"s3://books/managers/ann (endpoint {s3_endpoint}, region us-east-1)" in out
    assert "integrity ok, 1 account, 1 interaction." in out
    found = sam("replicate", "status", "--json", db=book)
    assert '"up_to_date": true' in ok(found)
    start = replica_position(book)
    assert start is not None
    replicator = Replicator(book, tmp_path / "run.log").start()
    try:
        ok(sam("log", "acme", "shipped to S3", db=book))
        wait_for("the log to reach S3", lambda: shipped_past(book, start.txid))
    finally:
        replicator.stop()
    restored = tmp_path / "elsewhere.db"
    ok(sam("replicate", "restore", "--to", str(restored), "--yes", db=book))
    assert rows(restored, "SELECT summary FROM interaction ORDER BY id") == [
        ("before the replica",),
        ("shipped to S3",),
    ]
    # a team lead reads the same replica, its options carried in the URL Litestream is given
    added = sam("team", "add", "ann", "s3://books/managers/ann", "--endpoint", s3_endpoint, db=book)
    assert "Added ann: s3://books/managers/ann (endpoint" in ok(added)
    assert "[1/1] ann: 1 account, last change" in ok(sam("team", "pull", db=book))
    # the credentials were the environment's: no file of sam's holds them
    found_setup = replication.require(book)
    for written in found_setup.config.parent.iterdir():
        assert "testing-" not in written.read_text()
