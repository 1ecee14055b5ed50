"""Use cases over the core, rules and readers: read a source, evaluate forms, present results.

The CLI and (later) the web app call these and nothing deeper.
"""
