"""Admin and member tools: ids from names, record writer, `new` prompts, the charter report
and the site's charts. Kept apart from ``rules/`` because nothing here decides whether the data
is valid: these modules create files, summarise what needs doing, and draw pictures."""
