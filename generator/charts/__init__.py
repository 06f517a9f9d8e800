"""Charts drawn at build time as plain SVG: ``svg`` draws, ``figures`` counts. The site calls
them through ``generator.pages.charts``."""
