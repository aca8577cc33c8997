// name: industry-owners-by-document
// question: Document by document, who was responsible for an industry, and who was new compared with earlier documents?
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// example: policykg query industry-owners-by-document -p industry=光伏
//
// The industry resolves as in industry-owners. `change` is new when no earlier
// document (by year) named the department for the industry, else continued.
MATCH (c:Industry)
WHERE c.name = $industry OR $industry IN c.aliases
   OR ($industry <> '' AND c.search CONTAINS toLower($industry))
UNWIND [c.name] + c.aliases AS known
WITH c, min(CASE
    WHEN known = $industry AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($industry) THEN size(known) - size($industry) + 1
    ELSE 1000 END) AS fit
WITH collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH f, best WHERE f.fit = best
MATCH (i:Industry) WHERE i.id = f.id
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i)
WITH i, d, r.doc AS doc, min(r.year) AS year, collect(DISTINCT r.role) AS roles
OPTIONAL MATCH (source:Document)
WHERE source.name = doc
OPTIONAL MATCH (d)-[earlier:RESPONSIBLE_FOR]->(i)
WHERE earlier.year < year
WITH i, d, doc, year, roles, source, count(earlier) AS before
RETURN year, doc AS document, source.title AS title, i.name AS industry, d.name AS department, roles,
       CASE WHEN before = 0 THEN 'new' ELSE 'continued' END AS change
ORDER BY year, document, department
LIMIT $top
