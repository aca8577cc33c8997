// name: enterprises-by-industry
// question: Which enterprises belong to an industry and/or a place, with their industries, places and responsible departments?
// params: industry= (a name or alias of an industry; empty for any), place= (a name or alias of a place; empty for any), top:int=1000 (at most this many rows)
// resolve: industry (Industry), place (Place)
// example: policykg query enterprises-by-industry -p industry=手机
//
// An enterprise belongs to an industry when an event or target aims at both,
// or when its name carries a name of the industry and a department is
// responsible for both. Both names resolve as in industry-owners; a place
// takes in the places within it (LOCATED_IN, up to three steps). An
// enterprise's places are those it lies in, followed up LOCATED_IN.
//
// The engine plans best around constants, so the industry arrives as its id
// and as a pattern of its names ($industry_pattern), and a department shared
// with the industry is an EXISTS on that id. The enterprises are ordered and
// cut to `top` before their details are gathered, each detail aggregated per
// enterprise before the next (lists are never grouping keys); the other
// industries an enterprise's name carries are checked against its
// departments' industries (a derived property of Department, graph/rollups.py).
MATCH (e:Enterprise)
WHERE $industry_id = '' OR e.search =~ $industry_pattern
   OR EXISTS { MATCH (e)<-[:TARGETS]-()-[:TARGETS]->(:Industry {id: $industry_id}) }
OPTIONAL MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department)
WITH DISTINCT e, d
WHERE $industry_id = ''
   OR EXISTS { MATCH (d)-[:RESPONSIBLE_FOR]->(:Industry {id: $industry_id}) }
   OR EXISTS { MATCH (e)<-[:TARGETS]-()-[:TARGETS]->(:Industry {id: $industry_id}) }
WITH DISTINCT e
WHERE $place_id = ''
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
WITH e ORDER BY e.name LIMIT $top
OPTIONAL MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department)
WITH e, collect(DISTINCT d.name) AS departments
OPTIONAL MATCH (named:Industry)
WHERE e.search CONTAINS toLower(named.name)
  AND EXISTS { MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department) WHERE named.name IN d.industries }
WITH e, departments, collect(named.name) AS named
OPTIONAL MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH e, departments, named, collect(DISTINCT aimed.name) AS aimed
OPTIONAL MATCH (e)-[:LOCATED_IN]->(p1:Place)
OPTIONAL MATCH (p1)-[:LOCATED_IN]->(p2:Place)
OPTIONAL MATCH (p2)-[:LOCATED_IN]->(p3:Place)
UNWIND [p1, p2, p3] AS pl
WITH e, departments, named, aimed, collect(DISTINCT pl.name) AS places
RETURN e.name AS enterprise, aimed + [known IN named WHERE NOT known IN aimed] AS industries, places, departments
ORDER BY enterprise
