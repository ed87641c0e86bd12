"""``python -m ita_audit``: the ``ita-audit`` command line."""
import sys

from ita_audit.launcher import main

sys.exit(main())
