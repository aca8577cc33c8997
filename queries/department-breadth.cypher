// name: department-breadth
// question: Which departments have the broadest responsibility (distinct industries, platforms, enterprises, events and targets)?
// definition: distinct industries, platforms, enterprises, events and targets a department is RESPONSIBLE_FOR in any role
// params: top:int=25 (how many departments to show, broadest first)
// example: policykg query department-breadth -p top=10
//
// Each department's distinct responsibilities (parallel links from several
// documents counted once per entity) and the documents that assign them are
// derived properties of the Department node, recounted by every load that
// touches the department (graph/schema.py, ROLLUP_PROPERTIES), so the
// ranking reads one row per department instead of every RESPONSIBLE_FOR link.
MATCH (d:Department)
WHERE d.responsibility_count > 0
RETURN d.name AS department, d.responsibility_count AS total, d.industry_count AS industries,
       d.platform_count AS platforms, d.enterprise_count AS enterprises, d.event_count AS events,
       d.target_count AS targets, d.document_count AS documents
ORDER BY total DESC, industries DESC, department
LIMIT $top
