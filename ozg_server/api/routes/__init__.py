"""The API's routes, one `APIRouter` per resource; `create_app` mounts them under /api/v1."""
