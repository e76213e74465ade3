"""A client library for accessing Spirii charge-box API"""

from .client import AuthenticatedClient, Client, RetryPolicy

__version__ = "4.0.0"

__all__ = (
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
    "__version__",
)
