"""The HTTP layer: the FastAPI application, its bodies and its refusals."""
