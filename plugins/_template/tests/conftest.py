"""Let the tests import the plugin from ``src/`` before it is installed.

Once installed (``pip install -e .``), the installed copy is imported and this does nothing.
"""

import importlib.util
import sys
from pathlib import Path

PACKAGE = "conciliazione_ats_example"

if importlib.util.find_spec(PACKAGE) is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
