"""The docs-site helpers that need no dbt run: arguments and the local server."""

from __future__ import annotations

import threading
import urllib.request

import pytest

from pipelines.docs_site import docs_generate_args, generate_site, site_server


def test_docs_generate_writes_to_the_given_target_not_the_project(tmp_path):
    args = docs_generate_args(tmp_path / "target", tmp_path / "logs")
    assert args[:2] == ["docs", "generate"]
    assert args[args.index("--target-path") + 1] == str(tmp_path / "target")
    assert args[args.index("--log-path") + 1] == str(tmp_path / "logs")


def test_generate_site_names_a_missing_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse at .*missing.duckdb"):
        generate_site(tmp_path / "missing.duckdb", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_server_refuses_a_folder_without_a_site(tmp_path):
    with pytest.raises(FileNotFoundError, match="no docs site"):
        site_server(tmp_path, port=0)


def test_server_serves_the_site_on_localhost(tmp_path):
    (tmp_path / "index.html").write_text("<html>budgetwh</html>", encoding="utf-8")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    server = site_server(tmp_path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy
        with opener.open(f"http://{host}:{port}/manifest.json", timeout=5) as r:
            assert r.read() == b"{}"
        with opener.open(f"http://{host}:{port}/", timeout=5) as r:
            assert b"budgetwh" in r.read()
    finally:
        server.shutdown()
        server.server_close()
