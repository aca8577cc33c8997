"""``python -m policykg.cli`` runs the command line."""

from . import main

main()
