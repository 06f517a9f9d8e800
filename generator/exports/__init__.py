"""Exports: the files that carry the community's data to phones, spreadsheets and
other programs — calendar (ical), JSON API (api), contact cards and QR codes (vcard),
spreadsheets (csv_export), Atom feed (atom) and schema.org JSON-LD (jsonld).

Each module has a ``files(com, edition) -> [(docs-relative path, bytes)]`` function; every
privacy decision goes through ``generator.data.editions``. ``generator.pages.exports`` puts
them into the docs directory.
"""
