"""``python -m policykg.cli`` runs the command line."""

from policykg.cli import main

main()
