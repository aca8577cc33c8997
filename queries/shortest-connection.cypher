// name: shortest-connection
// question: How are two named entities connected (the shortest chain of responsibility, place, target and division links, at most 4 hops)?
// definition: the shortest chain of RESPONSIBLE_FOR, LOCATED_IN, TARGETS and PART_OF links, either direction, at most 4
// params: from (a name or alias of the first entity, e.g. 省工信委电子信息处), to (a name or alias of the second entity, e.g. 光伏)
// resolve: from, to
// example: policykg query shortest-connection -p from=电子信息处 -p to=光伏
//
// Both names resolve as in industry-owners, over every entity label, before
// the search: a path search whose ends come out of a name search fills the
// buffer pool on a large graph, one between two given ids does not.
// MENTIONED_IN is left out: every pair in one document would be two hops apart.
MATCH (a:Department|Industry|Platform|Enterprise|Place|Event {id: $from_id})
MATCH (b:Department|Industry|Platform|Enterprise|Place|Event {id: $to_id})
WHERE a.id <> b.id
MATCH p = shortestPath((a)-[:RESPONSIBLE_FOR|LOCATED_IN|TARGETS|PART_OF*..4]-(b))
RETURN a.name AS source, b.name AS target, length(p) AS hops,
       [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relationships
ORDER BY hops, source, target
