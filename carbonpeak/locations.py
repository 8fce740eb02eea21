"""Every path the project uses, resolved from this file, never from the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
CHAPTERS = ROOT / "chapters"
BOOK = ROOT / "book"
SCENARIOS = ROOT / "scenarios"
