"""contractkit: draft contracts, payment applications and demand letters that get project work paid."""

from contractkit.errors import ContractkitError, InputError

__version__ = "0.1.0"

__all__ = ["ContractkitError", "InputError", "__version__"]
