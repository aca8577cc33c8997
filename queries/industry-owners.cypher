// name: industry-owners
// question: Which departments are responsible for an industry, with what role, on what evidence, in which document?
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// example: policykg query industry-owners -p industry=光伏
//
// The industry is resolved the same way in every canned query: an exact name
// beats an exact alias beats the shortest name or alias containing the text;
// every industry with the best fit is kept.
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
OPTIONAL MATCH (d)-[:PART_OF]->(parent:Department)
RETURN DISTINCT i.name AS industry, d.name AS department, parent.name AS part_of, r.role AS role,
       r.year AS year, r.doc AS document, r.evidence AS evidence
ORDER BY department, year, document, role
LIMIT $top
