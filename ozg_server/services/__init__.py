"""What the server does, free of HTTP: push, merge, feed, accounts, releases, remarks."""
