"""Getting data in and out of the sam file: backups and restore (import and export to come)."""
