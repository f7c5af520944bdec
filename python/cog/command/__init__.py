"""Command-line entry points kept from the original SDK (`python -m cog.command.<name>`)."""
