"""Builders for loader test inputs: web pages, .docx and .pdf files written on the fly."""
