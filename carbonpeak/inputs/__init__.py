"""What a run is told: the named assumptions of data/assumptions.yml (``assumptions``), the chapter
parameters with their types, ranges, defaults and help (``params``), and scenario files as overrides of the
assumptions (``scenarios``)."""
