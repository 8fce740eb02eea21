"""Page helpers: one module per chapter, named as the chapter (tables, key findings, figures)."""
