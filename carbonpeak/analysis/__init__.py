"""Statistics of measured records: projections of a single series and their backtest (``projections``,
``backtest``, ``accuracy``), the 2020-2025 nowcast and the test of CEADs' 2018 value (``nowcast``), peak
definitions (``peaks``), the city atlas (``atlas``), a city's record as the overview reads it (``record``) and
the LMDI decomposition (``decompose``)."""
