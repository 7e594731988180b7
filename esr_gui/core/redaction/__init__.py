"""Redaction: personal data in a bundle replaced consistently, in every spelling it is written.

`members` redacts a whole bundle (its entry point); `collect` finds the identifiers to replace,
`tokens` makes the stand-ins, `text`, `reg`, `escapes` and `freetext` rewrite each kind of member.
"""
