"""The demo's generators: plain code that the demo data files run (through ``res.company._imlr_load_demo``).

The addon never imports this package: a database without demo data has none of it.
"""
