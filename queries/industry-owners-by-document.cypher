// name: industry-owners-by-document
// question: Document by document, who was responsible for an industry, and who was new compared with earlier documents?
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// resolve: industry (Industry)
// example: policykg query industry-owners-by-document -p industry=光伏
//
// The industry resolves as in industry-owners. `change` is new when no earlier
// document (by year) named the department for the industry, else continued.
// The rows are ordered and cut to `top` before the documents are read for
// their titles, on one composite key (year, document, department joined by
// tabs; a missing year as ~, after every year), which the engine sorts far
// faster than three keys; the roles of a row are made distinct after the cut
// (a DISTINCT inside the first grouping costs more than all the rest).
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry {id: $industry_id})
WITH i.name AS industry, d.name AS department, r.doc AS doc, min(r.year) AS year, collect(r.role) AS roles
WITH industry, department, collect({doc: doc, year: year, roles: roles}) AS documents, min(year) AS first
UNWIND documents AS entry
WITH industry, department, first, entry.doc AS doc, entry.year AS year, entry.roles AS roles
ORDER BY coalesce(toString(year), '~') + '\t' + doc + '\t' + department
LIMIT $top
UNWIND roles AS role
WITH industry, department, first, doc, year, collect(DISTINCT role) AS roles
OPTIONAL MATCH (source:Document)
WHERE source.name = doc
RETURN year, doc AS document, source.title AS title, industry, department, roles,
       CASE WHEN year IS NULL OR year <= first THEN 'new' ELSE 'continued' END AS change
ORDER BY year, document, department
