"""Writers: forms (with scorecards and findings) → JSON, HTML, XLSX, DOCX and PDF.

Pure functions returning `str` or `bytes`; the caller writes the file. `layout` holds the
official form as data so every writer draws the same grid. May import `jixiao.core` only.
"""
