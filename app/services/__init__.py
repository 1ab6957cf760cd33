"""I/O around the domain: files, paths, HTTP, credentials. No Qt widgets here."""
