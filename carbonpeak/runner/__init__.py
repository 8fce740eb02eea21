"""Running chapters: templates to executed pages (``render``), the command line (``cli``), the execution
receipt every page ends with (``receipt``) and the IAMC export (``export``)."""
