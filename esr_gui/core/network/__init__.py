"""Active network tests: which endpoints matter, in which context, and how to judge a TLS issuer."""
