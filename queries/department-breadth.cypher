// name: department-breadth
// question: Which departments have the broadest responsibility (distinct industries, platforms, enterprises, events and targets)?
// params: top:int=25 (how many departments to show, broadest first)
// example: policykg query department-breadth -p top=10
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(x)
WITH d, r, x, labels(x)[0] AS kind
RETURN d.name AS department,
       count(DISTINCT x) AS total,
       count(DISTINCT CASE WHEN kind = 'Industry' THEN x.id END) AS industries,
       count(DISTINCT CASE WHEN kind = 'Platform' THEN x.id END) AS platforms,
       count(DISTINCT CASE WHEN kind = 'Enterprise' THEN x.id END) AS enterprises,
       count(DISTINCT CASE WHEN kind = 'Event' THEN x.id END) AS events,
       count(DISTINCT CASE WHEN kind = 'Target' THEN x.id END) AS targets,
       count(DISTINCT r.doc) AS documents
ORDER BY total DESC, industries DESC, department
LIMIT $top
