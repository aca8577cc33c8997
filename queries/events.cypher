// name: events
// question: Which events are planned, when and where, who hosts and who else takes part, and what do they promote?
// params: top:int=1000 (at most this many rows)
// example: policykg query events --format csv
//
// The events are ordered and cut to `top` before their places, units and
// industries are gathered.
MATCH (e:Event)
WITH e ORDER BY CASE WHEN e.date IS NULL THEN 1 ELSE 0 END, e.date, e.name LIMIT $top
OPTIONAL MATCH (e)-[:LOCATED_IN]->(pl:Place)
WITH e, collect(DISTINCT pl.name) AS places
OPTIONAL MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(e)
WITH e, places,
     collect(DISTINCT CASE WHEN r.role = 'host' THEN d.name END) AS hosts,
     collect(DISTINCT CASE WHEN r.role <> 'host' THEN d.name + ' (' + r.role + ')' END) AS other_units
OPTIONAL MATCH (e)-[:TARGETS]->(x)
RETURN e.date AS date, e.name AS event, places, hosts, other_units, collect(DISTINCT x.name) AS promotes
ORDER BY CASE WHEN date IS NULL THEN 1 ELSE 0 END, date, event
