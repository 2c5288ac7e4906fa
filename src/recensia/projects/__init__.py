from pathlib import Path

# Reference lists and demonstration projects shipped with the package.
DATA_DIR = Path(__file__).resolve().parent / "data"
