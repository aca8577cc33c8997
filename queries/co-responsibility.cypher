// name: co-responsibility
// question: Which pairs of departments share responsibility for the same industries, and for how many?
// params: top:int=25 (how many pairs to show, most shared first)
// example: policykg query co-responsibility -p top=10
MATCH (a:Department)-[:RESPONSIBLE_FOR]->(i:Industry)
MATCH (b:Department)-[:RESPONSIBLE_FOR]->(i)
WHERE a.id < b.id
WITH a, b, collect(DISTINCT i.name) AS industries
RETURN a.name AS department, b.name AS other, size(industries) AS shared, industries
ORDER BY shared DESC, department, other
LIMIT $top
