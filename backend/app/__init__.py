"""kubedeck backend (arrives with the backend issue)."""
