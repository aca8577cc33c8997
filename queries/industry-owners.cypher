// name: industry-owners
// question: Which departments are responsible for an industry, with what role, on what evidence, in which document?
// definition: every RESPONSIBLE_FOR link from a department to the industry, one row each, with its role
// params: industry (any name or alias of the industry, or a fragment of one, e.g. 光伏), top:int=1000 (at most this many rows)
// resolve: industry (Industry)
// example: policykg query industry-owners -p industry=光伏
//
// The industry is resolved the same way in every canned query: an exact name
// beats an exact alias beats the shortest name or alias containing the text;
// every industry with the best fit is kept (the `resolve:` header, graph/queries.py).
// The responsibilities are ordered and cut to `top` first, on one composite
// key (department, year, document, role, evidence joined by tabs; a missing
// year as ~, after every year): the engine sorts one string far faster than
// five keys, and the evidence settles ties alike on every engine.
// A department's
// parents come from its derived `part_of` property (graph/rollups.py), one
// row per parent, rather than from its PART_OF links, which every document
// repeats. Rows that repeat another exactly are shown once.
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry {id: $industry_id})
WITH i.name AS industry, d.name AS department, d.part_of AS parents, r.role AS role, r.year AS year,
     r.doc AS document, r.evidence AS evidence
ORDER BY department + '\t' + coalesce(toString(year), '~') + '\t' + document + '\t' + role + '\t' + coalesce(evidence, '')
LIMIT $top
UNWIND CASE WHEN size(parents) = 0 THEN [''] ELSE parents END AS parent
RETURN DISTINCT industry, department, CASE WHEN parent = '' THEN NULL ELSE parent END AS part_of, role, year,
       document, evidence
ORDER BY department, year, document, role, evidence, part_of
LIMIT $top
