// name: departments-in-place
// question: Which departments belong to a place (a province, city or county, and the places within it), and how broad is their responsibility?
// definition: departments LOCATED_IN the place or a division within it, up to 4 steps (bodies are placed by the division their name begins with, graph/places.py)
// params: place (any name or alias of the place, e.g. 安徽 or 赣州市), top:int=1000 (at most this many rows)
// resolve: place (Place)
// example: policykg query departments-in-place -p place=江西
//
// The place resolves as every name does (graph/resolve.py). A department lies in
// the place when it lies in it or in a division within it (county, city,
// province, country: LOCATED_IN, up to four steps), each an EXISTS on the
// resolved id, as in platforms-in-place.
MATCH (d:Department)
WHERE EXISTS { MATCH (d)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (d)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (d)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
   OR EXISTS { MATCH (d)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }
OPTIONAL MATCH (d)-[:LOCATED_IN]->(at:Place)
WITH d, collect(DISTINCT at.name) AS located_in
RETURN d.name AS department, located_in, d.industry_count AS industries, d.responsibility_count AS responsibilities,
       d.document_count AS documents
ORDER BY responsibilities DESC, department
LIMIT $top
