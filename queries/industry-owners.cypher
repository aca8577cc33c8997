// name: industry-owners
// question: Which departments are responsible for an industry, with what role, on what evidence, in which document?
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// resolve: industry (Industry)
// example: policykg query industry-owners -p industry=光伏
//
// The industry is resolved the same way in every canned query: an exact name
// beats an exact alias beats the shortest name or alias containing the text;
// every industry with the best fit is kept (the `resolve:` header, graph/queries.py).
// A division repeats its PART_OF link in every document, so the parents are
// read once per department before the responsibilities are listed.
MATCH (d:Department)-[:RESPONSIBLE_FOR]->(:Industry {id: $industry_id})
WITH DISTINCT d
OPTIONAL MATCH (d)-[:PART_OF]->(parent:Department)
WITH DISTINCT d, parent.name AS part_of
MATCH (d)-[r:RESPONSIBLE_FOR]->(i:Industry {id: $industry_id})
RETURN DISTINCT i.name AS industry, d.name AS department, part_of, r.role AS role,
       r.year AS year, r.doc AS document, r.evidence AS evidence
ORDER BY department, year, document, role
LIMIT $top
