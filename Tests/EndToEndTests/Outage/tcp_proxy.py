#!/usr/bin/env python3
"""Forwards 127.0.0.1:PORT to TARGET_PORT on 127.0.0.1, so a test can take a database away and bring it back.

Usage: tcp_proxy.py PORT TARGET_PORT [HOLD]. Prints "ready" once listening; exits when standard input closes.
With HOLD, what a client sends is held back from the first piece that contains those bytes until a line
"release" arrives on standard input: the database seems to take that long to answer.
"""
import socket
import sys
import threading

released = threading.Event()


def pump(source, destination, hold=None):
    try:
        while data := source.recv(65536):
            if hold and hold in data:
                released.wait()
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listener, target_port, hold):
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(("127.0.0.1", target_port))
        threading.Thread(target=pump, args=(client, upstream, hold), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


def main():
    port, target_port = int(sys.argv[1]), int(sys.argv[2])
    hold = sys.argv[3].encode() if len(sys.argv) > 3 else None
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    threading.Thread(target=serve, args=(listener, target_port, hold), daemon=True).start()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "release":
            released.set()
    released.set()


if __name__ == "__main__":
    main()
