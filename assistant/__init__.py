"""Policy assistant: cited answers about a school's Social Media and Networking Policy and KCSIE."""

__version__ = "0.1.0"
