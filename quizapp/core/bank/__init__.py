"""The built-in bank: TOML files -> validated questions -> SQLite, and its checks."""
