"""Readers: text, JSON (and later PDF, XLSX, DOCX, HTML) → forms + import findings.

May import `jixiao.core` only.
"""
