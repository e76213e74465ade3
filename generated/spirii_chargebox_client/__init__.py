"""A client library for accessing Spirii charge-box API"""

from .client import AuthenticatedClient, Client, RetryPolicy

__all__ = (
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
)
