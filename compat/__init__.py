"""`make compat`: is a change to openapi.yaml breaking for clients generated from an earlier one?"""
