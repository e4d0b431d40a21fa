"""Lists in and out as .xlsx and CSV, and the row layer that imports them.

- `reading`: a file as a table of text rows (`read_table`, `Row`, `Table`, `TableError`).
- `writing`: a list as .xlsx or CSV that imports back unchanged (`write_xlsx`, `write_csv`).
- `values`: the text of a cell both ways, formulas neutralised (`neutralize`, `cell_text`).
- `columns`: stable column codes with translated labels and help (`Column`, `model_column`).
- `parsers`: cell text to a value, or the reason it is refused (`parse_date`...).
- `imports`: one row to a service's `changes` (`RowReader`, `Importer`, `ListDefinition`).
"""
