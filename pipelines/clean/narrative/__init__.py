"""The 情况说明 (narrative) reader: one reading of the text into typed statements.

A disclosure's 情况说明 restates its tables in sentences and adds what no table prints (staff,
vehicles, the reasons for a change). This package reads it once:

* :mod:`.text` joins the pages into one compact text (page of every character kept, page
  numbers dropped, headings and the sections they open known) and splits it into sentences;
* :mod:`.sentences` reads amounts, changes and rates with their typed subjects;
* :mod:`.counts` reads counts (staff, vehicles, published targets) and totals stated with the
  complete list of their parts;
* :mod:`.projects` reads enumerated project lists (each item linked to its 项目支出表 row by
  :mod:`pipelines.clean.project_links`);
* :mod:`.reader` puts them together, :mod:`.frames` makes the staging frame
  (``narrative_statements``).

All wording — subjects, section headings, change and rate words, list markers — is the
vocabulary ``pipelines/vocabulary/narrative_statements.csv`` (:mod:`.wording`); a 三公 label
is read by ``three_public_items.csv`` through
:func:`pipelines.clean.meaning.three_public_item_of_label`.
"""
