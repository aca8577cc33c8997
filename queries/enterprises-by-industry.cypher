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
// enterprise and an industry is checked one department at a time (a one-step
// COUNT per department), not by joining all their responsibilities. The
// enterprises are ordered and cut to `top` before their industries, places
// and departments are gathered, and places are followed up LOCATED_IN one
// step at a time, which the engine does far faster than a variable-length
// pattern.
OPTIONAL MATCH (asked:Industry)
WHERE $industry <> '' AND (asked.name = $industry OR $industry IN asked.aliases OR asked.search CONTAINS toLower($industry))
OPTIONAL MATCH (asked)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Enterprise)
WITH asked, collect(aimed.id) AS aimed_ids
MATCH (e:Enterprise)
WHERE $industry = ''
   OR (asked IS NOT NULL AND (e.id IN aimed_ids OR any(known IN [asked.name] + asked.aliases WHERE e.search CONTAINS toLower(known))))
WITH asked, e, $industry = '' OR e.id IN aimed_ids AS sure
OPTIONAL MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department)
WHERE NOT sure
WITH e, sure, CASE WHEN d IS NULL THEN 0 ELSE COUNT { MATCH (d)-[:RESPONSIBLE_FOR]->(asked) } END AS shared
WITH e, sure, shared WHERE sure OR shared > 0
WITH DISTINCT e
OPTIONAL MATCH (e)-[:LOCATED_IN]->(p1:Place)
OPTIONAL MATCH (p1)-[:LOCATED_IN]->(p2:Place)
OPTIONAL MATCH (p2)-[:LOCATED_IN]->(p3:Place)
UNWIND [p1, p2, p3] AS pl
WITH e, collect(DISTINCT pl.name) AS places,
     count(CASE WHEN pl.name = $place OR $place IN pl.aliases
                  OR ($place <> '' AND pl.search CONTAINS toLower($place)) THEN 1 END) AS in_place
WHERE $place = '' OR in_place > 0
WITH e, places ORDER BY e.name LIMIT $top
OPTIONAL MATCH (e)<-[:TARGETS]-(hub)-[:TARGETS]->(aimed:Industry)
WITH e, places, collect(DISTINCT aimed.name) AS aimed
OPTIONAL MATCH (named:Industry)
WHERE any(known IN [named.name] + named.aliases WHERE e.search CONTAINS toLower(known))
OPTIONAL MATCH (e)<-[:RESPONSIBLE_FOR]-(d:Department)
WHERE named IS NOT NULL
WITH e, places, aimed, CASE WHEN d IS NOT NULL AND COUNT { MATCH (d)-[:RESPONSIBLE_FOR]->(named) } > 0 THEN named.name END AS named
WITH e, places, aimed, collect(DISTINCT named) AS named
UNWIND aimed + named + [''] AS industry
WITH e, places, collect(DISTINCT CASE WHEN industry <> '' THEN industry END) AS industries
OPTIONAL MATCH (unit:Department)-[:RESPONSIBLE_FOR]->(e)
RETURN e.name AS enterprise, industries, places, collect(DISTINCT unit.name) AS departments
ORDER BY enterprise
LIMIT $top
