"""Every user-facing string, in Chinese and English (the charter's ``language`` picks one).

* ``messages`` — problem messages (check, build) and the lookup shared by the other tables;
* ``site``     — labels and sentences on the site's pages;
* ``report``, ``admin`` — the admin report and the admin tools (``new``, ``report``);
* ``exports``  — words the exports show (calendar names, feed titles, CSV headers).
"""
