// name: shortest-connection
// question: How are two named entities connected (the shortest chain of responsibility, place, target and division links, at most 4 hops)?
// params: from (a name or alias of the first entity, e.g. 省工信委电子信息处), to (a name or alias of the second entity, e.g. 光伏)
// example: policykg query shortest-connection -p from=电子信息处 -p to=光伏
//
// Both names resolve as in industry-owners, over every entity label.
// MENTIONED_IN is left out: every pair in one document would be two hops apart.
MATCH (c:Department|Industry|Platform|Enterprise|Place|Event)
WHERE c.name = $from OR $from IN c.aliases
   OR ($from <> '' AND c.search CONTAINS toLower($from))
UNWIND [c.name] + c.aliases AS known
WITH c, min(CASE
    WHEN known = $from AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($from) THEN size(known) - size($from) + 1
    ELSE 1000 END) AS fit
WITH collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH f, best WHERE f.fit = best
MATCH (a:Department|Industry|Platform|Enterprise|Place|Event) WHERE a.id = f.id
MATCH (c:Department|Industry|Platform|Enterprise|Place|Event)
WHERE c.name = $to OR $to IN c.aliases
   OR ($to <> '' AND c.search CONTAINS toLower($to))
UNWIND [c.name] + c.aliases AS known
WITH a, c, min(CASE
    WHEN known = $to AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($to) THEN size(known) - size($to) + 1
    ELSE 1000 END) AS fit
WITH a, collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH a, f, best WHERE f.fit = best AND f.id <> a.id
MATCH (b:Department|Industry|Platform|Enterprise|Place|Event) WHERE b.id = f.id
MATCH p = shortestPath((a)-[:RESPONSIBLE_FOR|LOCATED_IN|TARGETS|PART_OF*..4]-(b))
RETURN a.name AS source, b.name AS target, length(p) AS hops,
       [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relationships
ORDER BY hops, source, target
