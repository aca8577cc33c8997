// name: platforms-in-place
// question: Which parks and platforms lie in a place (or in the places within it), and which industries do they serve?
// definition: platforms LOCATED_IN the place or a place within it (stated or derived from the divisions), up to 4 steps
// params: place (any name or alias of the place, or a fragment of one, e.g. 赣州)
// resolve: place (Place)
// example: policykg query platforms-in-place -p place=赣州市
//
// The place resolves as in industry-owners. A platform serves an industry when
// an event or target aims at both, or when its name carries the industry's name
// (新余光伏… → 光伏) and a department is responsible for both (so 工业 in
// 工业化 does not count).
//
// A platform lies in the place when it lies in it or in a place within it
// (LOCATED_IN, up to four steps: park, county, city, province, country; the
// links between divisions are derived from the gazetteer, graph/places.py), each an EXISTS on the resolved id, which
// the engine answers far faster than a variable-length pattern. A department
// shared by the platform and an industry is found in the departments'
// industries (a derived property of Department, graph/rollups.py).
MATCH (p:Platform)
WHERE EXISTS { MATCH (p)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (p)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (p)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (p)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
OPTIONAL MATCH (p)-[at_link:LOCATED_IN]->(at:Place)
WHERE NOT coalesce(at_link.derived, false)
WITH p, collect(DISTINCT at.name) AS located_in
OPTIONAL MATCH (p)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH p, located_in, collect(DISTINCT aimed.name) AS aimed
OPTIONAL MATCH (named:Industry)
WHERE p.search CONTAINS toLower(named.name)
WITH p, located_in, aimed, collect(named.name) AS candidates
OPTIONAL MATCH (p)<-[:RESPONSIBLE_FOR]-(d:Department)
// Comprehensions over an empty list are guarded: LadybugDB 0.22 answers them with the previous row's result.
WITH p, located_in, aimed, d.name AS department,
     CASE WHEN d IS NULL OR size(candidates) = 0 THEN [''] ELSE [known IN candidates WHERE known IN d.industries] + [''] END AS named
UNWIND named AS industry
WITH p, located_in, aimed, collect(DISTINCT department) AS departments,
     collect(DISTINCT CASE WHEN industry <> '' THEN industry END) AS named
UNWIND aimed + named + [''] AS industry
WITH p, located_in, departments, collect(DISTINCT CASE WHEN industry <> '' THEN industry END) AS industries
RETURN p.name AS platform, located_in, industries, departments
ORDER BY platform
