"""A TCP connection to a port on this machine (run_kernel.py listens on it)."""
import socket
import sys
connection = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
connection.sendall(b"CONNECTED")
print("connected")
