"""Every test runs with IP connections refused (tests/conftest.py: no_network)."""

from __future__ import annotations

import socket

import pytest


def test_an_ip_connection_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


def test_local_socket_pairs_still_work() -> None:
    # multiprocessing's duplex pipes (APK isolation) are AF_UNIX socket pairs.
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
