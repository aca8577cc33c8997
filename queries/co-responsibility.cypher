// name: co-responsibility
// question: Which pairs of departments share responsibility for the same industries, and for how many?
// definition: two departments share an industry when each is RESPONSIBLE_FOR it in any role
// params: top:int=25 (how many pairs to show, most shared first)
// example: policykg query co-responsibility -p top=10
//
// Pairing every department with every other is quadratic, so the pairs are
// found in two passes. First the $top departments responsible for the most
// distinct industries are paired: the $top-th best of those pairs shares
// `floor` industries, so no pair that belongs in the answer shares fewer. Then
// only departments responsible for at least `floor` industries are paired,
// industry by industry. A department's distinct industries and their number
// are derived properties of its node (graph/rollups.py), so neither pass reads
// the RESPONSIBLE_FOR links themselves.
MATCH (d:Department)
WITH d ORDER BY d.industry_count DESC, d.id LIMIT $top
UNWIND d.industries AS industry
WITH industry, collect(d.id) AS units
UNWIND units AS a
UNWIND units AS b
WITH a, b WHERE a < b
WITH a, b, count(*) AS shared
ORDER BY shared DESC
LIMIT $top
WITH CASE WHEN count(*) < $top THEN 1 ELSE min(shared) END AS floor
MATCH (d:Department)
WHERE d.industry_count >= floor
UNWIND d.industries AS industry
WITH industry, collect({id: d.id, name: d.name}) AS units
UNWIND units AS a
UNWIND units AS b
WITH a, b, industry WHERE a.id < b.id
WITH a.name AS department, b.name AS other, collect(industry) AS industries
RETURN department, other, size(industries) AS shared, industries
ORDER BY shared DESC, department, other
LIMIT $top
