"""The roadmap report: HTML + a print stylesheet rendered to PDF by WeasyPrint."""
