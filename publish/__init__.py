"""`make publish`: put the client on a package index, refusing what consumers must not get."""
