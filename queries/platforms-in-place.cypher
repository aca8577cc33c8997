// name: platforms-in-place
// question: Which parks and platforms lie in a place (or in the places within it), and which industries do they serve?
// params: place (any name or alias of the place, or a fragment of one, e.g. 赣州)
// example: policykg query platforms-in-place -p place=赣州市
//
// The place resolves as in industry-owners. A platform serves an industry when
// an event or target aims at both, or when its name carries the industry's name
// (新余光伏… → 光伏) and a department is responsible for both (so 工业 in
// 工业化 does not count).
//
// Places within the place are followed down LOCATED_IN one step at a time
// (at most two levels), which the engine does far faster than a
// variable-length pattern; a department shared by the platform and an
// industry is checked one department at a time.
MATCH (c:Place)
WHERE c.name = $place OR $place IN c.aliases
   OR ($place <> '' AND c.search CONTAINS toLower($place))
UNWIND [c.name] + c.aliases AS known
WITH c, min(CASE
    WHEN known = $place AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($place) THEN size(known) - size($place) + 1
    ELSE 1000 END) AS fit
WITH collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH f, best WHERE f.fit = best
MATCH (pl:Place) WHERE pl.id = f.id
OPTIONAL MATCH (pl)<-[:LOCATED_IN]-(q1:Place)
OPTIONAL MATCH (q1)<-[:LOCATED_IN]-(q2:Place)
UNWIND [pl.id, q1.id, q2.id] AS area_id
WITH DISTINCT area_id
MATCH (p:Platform)-[:LOCATED_IN]->(area:Place {id: area_id})
WITH DISTINCT p
MATCH (p)-[:LOCATED_IN]->(at:Place)
WITH p, collect(DISTINCT at.name) AS located_in
OPTIONAL MATCH (p)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH p, located_in, collect(DISTINCT aimed.name) AS aimed
OPTIONAL MATCH (named:Industry)
WHERE p.search CONTAINS toLower(named.name)
OPTIONAL MATCH (p)<-[:RESPONSIBLE_FOR]-(d:Department)
WHERE named IS NOT NULL
WITH p, located_in, aimed, CASE WHEN d IS NOT NULL AND COUNT { MATCH (d)-[:RESPONSIBLE_FOR]->(named) } > 0 THEN named.name END AS named
WITH p, located_in, aimed, collect(DISTINCT named) AS named
UNWIND aimed + named + [''] AS industry
WITH p, located_in, collect(DISTINCT CASE WHEN industry <> '' THEN industry END) AS industries
OPTIONAL MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p)
RETURN p.name AS platform, located_in, industries, collect(DISTINCT d.name) AS departments
ORDER BY platform
