"""Section builders shared by the report kinds: each is ``(ReportContext) -> Section``."""
