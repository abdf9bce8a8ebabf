"""The HTTP layer: the FastAPI application, its routes and dependencies, bodies and refusals."""
