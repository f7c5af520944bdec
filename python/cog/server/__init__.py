"""`cog.server`: kept so that `python -m cog.server.http` (the CMD of every Cog image) still works."""
