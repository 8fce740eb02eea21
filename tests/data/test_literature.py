"""The literature the book cites: the commentary's figures graded as a third party's estimate wherever they
appear, and what the official documents in reach say about the boundary of provincial CO2-intensity accounting."""

import pandas as pd

from carbonpeak import locations
from carbonpeak.data import compiled, provenance
from carbonpeak.inputs import assumptions


def test_the_commentary_is_graded_as_a_third_partys_estimate_everywhere():
    lit = compiled.published_figures()
    assert set(lit["grade"]) == {"derived"}
    assert lit.at["commentary_sz_2019_imported_twh", "value"] == 47.7
    entry = assumptions.get("imported_twh_2019")
    assert entry.grade == "derived" and "published_figures.csv" in entry.source
    assert entry.default == lit.at["commentary_sz_2019_imported_twh", "value"]
    reg = pd.read_csv(locations.DATA / "published_estimates.csv", dtype=str, keep_default_na=False)
    commentary = reg[reg["source"].str.contains("commentary", case=False)]
    assert len(commentary) and set(commentary["grade"]) == {"derived"}


def test_the_provincial_accounting_record_quotes_each_document():
    path = locations.RAW / "literature" / "provincial_carbon_intensity_accounting.csv"
    meta = provenance.validate_sidecar(path, "raw")
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(rows) >= 4 and rows["id"].is_unique and meta["grade"] == "official_point"
    assert (rows["quote"].str.len() > 10).all() and (rows["where_seen"].str.startswith("http")).all()
    assert "not established" in meta["description"]  # the record says what it could not confirm
