"""The Dokumente page: the register, new papers, previews, printing, returns and templates."""
