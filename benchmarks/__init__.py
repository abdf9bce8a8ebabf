"""Performance benchmarks: `python3 dev.py bench [NAME …]`, results in benchmarks/RESULTS.md."""
