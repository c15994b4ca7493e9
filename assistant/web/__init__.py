"""The web app: staff chat, the parents' FAQ and the trainers' workshop, on one FastAPI application."""
