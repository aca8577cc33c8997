// name: department-portfolio
// question: What is a department responsible for (industries, platforms, enterprises, events), including through its divisions?
// definition: every entity the department or one of its divisions (PART_OF, up to 3 steps) is RESPONSIBLE_FOR, with the roles
// params: department (any name or alias of the department, or a fragment of one, e.g. 工信委), top:int=1000 (at most this many rows)
// resolve: department (Department)
// example: policykg query department-portfolio -p department=省工信委
//
// The department resolves as in industry-owners (exact name, exact alias, then
// the shortest name containing the text). Divisions are followed down PART_OF
// (up to three levels); `via` names the unit the document actually assigns.
// A responsibility belongs to the portfolio when its unit is among
// $department_units, the department's id and its divisions' (graph/queries.py),
// a constant list the engine filters the departments with; the links are
// grouped per entity and unit before names are read.
MATCH (unit:Department)-[r:RESPONSIBLE_FOR]->(x:Enterprise|Event|Industry|Platform)
WHERE unit.id IN $department_units
WITH x, unit.name AS via, collect(DISTINCT r.role) AS roles, collect(DISTINCT r.doc) AS documents, count(*) AS mentions
WITH labels(x)[0] AS kind, x.name AS name, via, roles, documents, mentions
ORDER BY kind, name, via
LIMIT $top
MATCH (d:Department {id: $department_id})
RETURN d.name AS department, kind, name, via, roles, documents, mentions
ORDER BY kind, name, via
