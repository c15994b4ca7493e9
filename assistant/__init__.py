"""Policy assistant: cited answers about a school's policies and the statutory guidance they link to (KCSIE).

The pipeline: corpus -> index -> retrieve -> answer, with safeguarding, evaluate, health, ingest and web beside it.
"""

__version__ = "0.1.0"
