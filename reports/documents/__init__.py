"""The summaries as files: PDF (WeasyPrint), Excel (openpyxl) and the news brief (python-docx).

Published rounds never change until withdrawn, so each file is built once and kept in the
"documents" cache under a key that changes whenever anything it shows changes."""
