"""The project file and its types: exact values from text, loading with lines, the clause library, findings.

Nothing here computes an account or renders a document; every other layer builds on these.
"""
