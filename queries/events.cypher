// name: events
// question: Which events are planned, when and where, who hosts and who else takes part, and what do they promote?
// definition: hosts: {hosting}; other units: every other role
// params: top:int=1000 (at most this many rows)
// example: policykg query events --format csv
//
// The events are ordered and cut to `top` before their places, units and
// industries are gathered, in one grouping per event (an event has few of
// each; grouping again on lists already collected costs more than the rows).
MATCH (e:Event)
WITH e ORDER BY CASE WHEN e.date IS NULL THEN 1 ELSE 0 END, e.date, e.name LIMIT $top
OPTIONAL MATCH (e)-[:LOCATED_IN]->(pl:Place)
OPTIONAL MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(e)
OPTIONAL MATCH (e)-[:TARGETS]->(x)
WITH e, collect(DISTINCT pl.name) AS places,
     collect(DISTINCT CASE WHEN r.role IN $hosting_roles THEN d.name END) AS hosts,
     collect(DISTINCT CASE WHEN NOT r.role IN $hosting_roles THEN d.name + ' (' + r.role + ')' END) AS other_units,
     collect(DISTINCT x.name) AS promotes
RETURN e.date AS date, e.name AS event, places, hosts, other_units, promotes
ORDER BY CASE WHEN date IS NULL THEN 1 ELSE 0 END, date, event
