"""The user database: typed models, opening with pragmas, migrations and backups."""
