// name: department-breadth
// question: Which departments have the broadest responsibility (distinct industries, platforms, enterprises, events and targets)?
// params: top:int=25 (how many departments to show, broadest first)
// example: policykg query department-breadth -p top=10
//
// Each department's distinct responsibilities are counted once per entity
// (parallel links from several documents collapse first); documents are
// counted only for the departments shown.
MATCH (d:Department)-[:RESPONSIBLE_FOR]->(x)
WITH d, x, count(*) AS links
WITH d, labels(x)[0] AS kind
WITH d, count(*) AS total,
     count(CASE WHEN kind = 'Industry' THEN 1 END) AS industries,
     count(CASE WHEN kind = 'Platform' THEN 1 END) AS platforms,
     count(CASE WHEN kind = 'Enterprise' THEN 1 END) AS enterprises,
     count(CASE WHEN kind = 'Event' THEN 1 END) AS events,
     count(CASE WHEN kind = 'Target' THEN 1 END) AS targets
WITH d, d.name AS department, total, industries, platforms, enterprises, events, targets
ORDER BY total DESC, industries DESC, department
LIMIT $top
MATCH (d)-[r:RESPONSIBLE_FOR]->()
WITH d, department, total, industries, platforms, enterprises, events, targets, count(DISTINCT r.doc) AS documents
RETURN department, total, industries, platforms, enterprises, events, targets, documents
ORDER BY total DESC, industries DESC, department
