// name: enterprises-by-industry
// question: Which enterprises belong to an industry and/or a place, with their industries, places and responsible departments?
// params: industry= (a name or alias of an industry; empty for any), place= (a name or alias of a place; empty for any), top:int=1000 (at most this many rows)
// example: policykg query enterprises-by-industry -p industry=手机
//
// An enterprise belongs to an industry when an event or target aims at both,
// or when its name carries a name of the industry and a department is
// responsible for both. Its places are those it lies in, followed up LOCATED_IN.
//
// The industries asked for are found first and only their enterprises are
// examined; with no industry every enterprise is. A department shared by the
// enterprise and the industry is looked for one department at a time (a
// two-step EXISTS), not by joining all their responsibilities.
OPTIONAL MATCH (asked:Industry)
WHERE $industry <> '' AND (asked.name = $industry OR $industry IN asked.aliases OR asked.search CONTAINS toLower($industry))
WITH DISTINCT asked
MATCH (e:Enterprise)
WHERE (asked IS NULL AND $industry = '')
   OR (asked IS NOT NULL AND (EXISTS { MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(asked) }
       OR (any(known IN [asked.name] + asked.aliases WHERE e.search CONTAINS toLower(known))
           AND EXISTS { MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department) WHERE EXISTS { MATCH (d)-[:RESPONSIBLE_FOR]->(asked) } })))
WITH DISTINCT e
OPTIONAL MATCH (e)-[:LOCATED_IN*1..3]->(pl:Place)
WITH e, collect(DISTINCT pl.name) AS places,
     count(CASE WHEN pl.name = $place OR $place IN pl.aliases
                  OR ($place <> '' AND pl.search CONTAINS toLower($place)) THEN 1 END) AS in_place
WHERE $place = '' OR in_place > 0
OPTIONAL MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH e, places, collect(DISTINCT aimed.name) AS aimed,
     count(CASE WHEN aimed.name = $industry OR $industry IN aimed.aliases
                  OR ($industry <> '' AND aimed.search CONTAINS toLower($industry)) THEN 1 END) AS aimed_asked
OPTIONAL MATCH (named:Industry)
WHERE any(known IN [named.name] + named.aliases WHERE e.search CONTAINS toLower(known))
WITH e, places, aimed, aimed_asked, named
WITH e, places, aimed, aimed_asked, CASE WHEN named IS NOT NULL AND EXISTS {
         MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department) WHERE EXISTS { MATCH (d)-[:RESPONSIBLE_FOR]->(named) }
     } THEN named END AS named
WITH e, places, aimed, aimed_asked, collect(named.name) AS named_names,
     count(CASE WHEN named.name = $industry OR $industry IN named.aliases
                  OR ($industry <> '' AND named.search CONTAINS toLower($industry)) THEN 1 END) AS named_asked
WITH e, places, aimed + named_names AS found, aimed_asked + named_asked AS in_industry
UNWIND found + [''] AS industry
WITH e, places, in_industry, collect(DISTINCT CASE WHEN industry <> '' THEN industry END) AS industries
WHERE $industry = '' OR in_industry > 0
OPTIONAL MATCH (unit:Department)-[:RESPONSIBLE_FOR]->(e)
RETURN e.name AS enterprise, industries, places, collect(DISTINCT unit.name) AS departments
ORDER BY enterprise
LIMIT $top
