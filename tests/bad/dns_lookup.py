"""A DNS lookup."""
import socket
socket.getaddrinfo("example.com", 80)
