"""The city model: drivers with milestone paths, sector demand, vehicle stock turnover, a closed
electricity balance and CO2 on two boundaries, for thousands of draws at once.

Layout: ``timeline`` (milestone paths), ``inputs`` (named assumptions, median-centred draws, seeding),
``vehicles`` (fleet turnover), ``core`` (the equations), ``base`` (calibration from the data),
``scenario`` (scenario files as overrides), ``runs`` (a run of several scenarios), ``outcomes`` (peak
rules per draw), ``sensitivity`` (Sobol indices), ``hindcast`` (2010-2019 against the record).
Import the submodules you need; this package imports nothing heavy on its own.
"""
