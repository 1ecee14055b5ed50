"""`adduser`: create real users on a server."""
