"""One reader per file format; `retrieval.formats` picks the reader for a file."""
