// name: industry-owners-by-document
// question: Document by document, who was responsible for an industry, and who was new compared with earlier documents?
// definition: every department RESPONSIBLE_FOR the industry, per document; new = named in no earlier year
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// resolve: industry (Industry)
// example: policykg query industry-owners-by-document -p industry=光伏
//
// The industry resolves as in industry-owners. `change` is new when no earlier
// document (by year) named the department for the industry, else continued.
// The rows are ordered and cut to `top` first, on one composite key (year,
// document, department joined by tabs; a missing year as ~, after every
// year), which the engine sorts far faster than three keys. A department's
// first year is then read from the rows kept: they are the earliest of all, so
// a department's earliest row is among them whenever any of its rows is. The
// roles of a row are made distinct after the cut, and documents read for their
// titles.
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(:Industry {id: $industry_id})
WITH d.name AS department, r.doc AS doc, min(r.year) AS year, collect(r.role) AS roles
ORDER BY coalesce(toString(year), '~') + '\t' + doc + '\t' + department
LIMIT $top
WITH department, collect({doc: doc, year: year, roles: roles}) AS documents, min(year) AS first
UNWIND documents AS entry
UNWIND entry.roles AS role
WITH department, first, entry.doc AS doc, entry.year AS year, collect(DISTINCT role) AS roles
MATCH (i:Industry {id: $industry_id})
OPTIONAL MATCH (source:Document)
WHERE source.name = doc
RETURN year, doc AS document, source.title AS title, i.name AS industry, department, roles,
       CASE WHEN year IS NULL OR year <= first THEN 'new' ELSE 'continued' END AS change
ORDER BY year, document, department
