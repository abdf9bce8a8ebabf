"""The server's database: schema, engine, transactions and migrations."""
