// name: enterprises-by-industry
// question: Which enterprises belong to an industry and/or a place, with their industries, places and responsible departments?
// definition: an enterprise of an industry: its names carry the industry's, or an event or target aims at both; in a place: LOCATED_IN it or a place within it
// params: industry= (a name or alias of an industry; empty for any), place= (a name or alias of a place; empty for any), top:int=1000 (at most this many rows)
// resolve: industry (Industry), place (Place)
// example: policykg query enterprises-by-industry -p industry=手机
//
// An enterprise belongs to an industry when its name or an alias carries a
// name or alias of the industry, or when an event or target aims at both. Its
// industries are the ones aimed at it, then those its names carry; its places
// are those it lies in, followed up LOCATED_IN (both derived properties of
// Enterprise, graph/rollups.py). Both names resolve as in industry-owners; a
// place takes in the places within it (LOCATED_IN, up to three steps).
//
// The engine plans best around constants, so the industry arrives as its id
// and as a pattern of its names ($industry_pattern). The lines marked
// `// if:` filter nothing when their parameter is left empty and are then
// left out. The enterprises are ordered and cut to `top` before their details
// are gathered, each detail aggregated per enterprise before the next (lists
// are never grouping keys).
MATCH (e:Enterprise)
WHERE $industry_id = '' OR e.search =~ $industry_pattern                                                  // if: industry
   OR EXISTS { MATCH (e)<-[:TARGETS]-()-[:TARGETS]->(:Industry {id: $industry_id}) }                     // if: industry
WITH e
WHERE $place_id = ''                                                                                      // if: place
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place {id: $place_id}) }                                        // if: place
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }                // if: place
   OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place)-[:LOCATED_IN]->(:Place {id: $place_id}) }  // if: place
WITH e ORDER BY e.name LIMIT $top
OPTIONAL MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department)
WITH e, collect(DISTINCT d.name) AS departments
OPTIONAL MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH e, departments, collect(DISTINCT aimed.name) AS aimed
// A comprehension over an empty list is guarded: LadybugDB 0.22 answers it with the previous row's result.
RETURN e.name AS enterprise,
       CASE WHEN size(e.named_industries) = 0 THEN aimed
            ELSE aimed + [named IN e.named_industries WHERE NOT named IN aimed] END AS industries,
       e.located_in AS places, departments
ORDER BY enterprise
