// name: co-responsibility
// question: Which pairs of departments share responsibility for the same industries, and for how many?
// params: top:int=25 (how many pairs to show, most shared first)
// example: policykg query co-responsibility -p top=10
//
// Pairing every department with every other is quadratic, so the pairs are
// found in two passes. First the $top departments named most often are paired:
// the $top-th best of those pairs shares `floor` industries, so no pair that
// belongs in the answer shares fewer. Then only departments responsible for at
// least `floor` distinct industries are paired, industry by industry.
MATCH (d:Department)
WITH d, COUNT { MATCH (d)-[:RESPONSIBLE_FOR]->(:Industry) } AS mentions
ORDER BY mentions DESC, d.id
LIMIT $top
MATCH (d)-[:RESPONSIBLE_FOR]->(i:Industry)
WITH DISTINCT d.id AS unit, i.id AS industry
WITH industry, collect(unit) AS units
UNWIND units AS a
UNWIND units AS b
WITH a, b WHERE a < b
WITH a, b, count(*) AS shared
ORDER BY shared DESC
LIMIT $top
WITH CASE WHEN count(*) < $top THEN 1 ELSE min(shared) END AS floor
MATCH (d:Department)
WHERE COUNT { MATCH (d)-[:RESPONSIBLE_FOR]->(:Industry) } >= floor
MATCH (d)-[:RESPONSIBLE_FOR]->(i:Industry)
WITH DISTINCT floor, d.id AS id, d.name AS name, i.name AS industry
WITH floor, {id: id, name: name} AS unit, collect(industry) AS industries
WHERE size(industries) >= floor
UNWIND industries AS industry
WITH industry, collect(unit) AS units
UNWIND units AS a
UNWIND units AS b
WITH a, b, industry WHERE a.id < b.id
WITH a.name AS department, b.name AS other, collect(industry) AS industries
RETURN department, other, size(industries) AS shared, industries
ORDER BY shared DESC, department, other
LIMIT $top
