"""Domain errors. Messages name the file, line or clause and the next step; only the CLI and UI print them."""


class AssistantError(Exception):
    """Base class for errors the user can act on. The CLI exits with `exit_code`: 2 for bad input (docs/contracts.md
    section 4), 1 for anything else."""

    exit_code = 1


class CorpusError(AssistantError):
    """A corpus or manifest file is malformed."""

    def __init__(self, message: str, path: str = "", line: int = 0):
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class IndexStoreError(AssistantError):
    """The index is missing, stale or corrupt and could not be rebuilt."""


class QuestionError(AssistantError):
    """The question cannot be answered as given (empty, too long)."""

    exit_code = 2


class ScenarioError(AssistantError):
    """A scenario file is malformed or names a clause that does not exist."""

    exit_code = 2


class HealthRuleError(AssistantError):
    """A health rules file is malformed, or a health check was asked for a document that does not exist."""

    exit_code = 2


class IngestError(AssistantError):
    """A document cannot be brought into the corpus (bad file, unknown numbering, id clash); nothing was changed."""

    exit_code = 2


class ConfigError(AssistantError):
    """A configuration file (school contacts, generation settings) is missing or malformed."""


class UserError(AssistantError):
    """A users-file operation cannot be done (bad name, role or password, unknown user, unreadable file)."""

    exit_code = 2
