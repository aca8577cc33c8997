// name: enterprises-by-industry
// question: Which enterprises belong to an industry and/or a place, with their industries, places and responsible departments?
// params: industry= (a name or alias of an industry; empty for any), place= (a name or alias of a place; empty for any)
// example: policykg query enterprises-by-industry -p industry=手机
//
// An enterprise belongs to an industry when an event or target aims at both,
// or when its name carries a name of the industry and a department is
// responsible for both. Its places are those it lies in, followed up LOCATED_IN.
MATCH (e:Enterprise)
OPTIONAL MATCH (e)-[:LOCATED_IN*1..3]->(pl:Place)
WITH e, collect(DISTINCT pl.name) AS places,
     count(CASE WHEN pl.name = $place OR $place IN pl.aliases
                  OR ($place <> '' AND pl.search CONTAINS toLower($place)) THEN 1 END) AS in_place
WHERE $place = '' OR in_place > 0
OPTIONAL MATCH (i:Industry)
WHERE EXISTS { MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(i) }
   OR (any(known IN [i.name] + i.aliases WHERE e.search CONTAINS toLower(known))
       AND EXISTS { MATCH (e)<-[:RESPONSIBLE_FOR]-(:Department)-[:RESPONSIBLE_FOR]->(i) })
WITH e, places, collect(DISTINCT i.name) AS industries,
     count(CASE WHEN i.name = $industry OR $industry IN i.aliases
                  OR ($industry <> '' AND i.search CONTAINS toLower($industry)) THEN 1 END) AS in_industry
WHERE $industry = '' OR in_industry > 0
OPTIONAL MATCH (d:Department)-[:RESPONSIBLE_FOR]->(e)
RETURN e.name AS enterprise, industries, places, collect(DISTINCT d.name) AS departments
ORDER BY enterprise
