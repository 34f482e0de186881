"""Getting data in and out of the sam file: backups and restore, report files written whole."""
