// name: department-portfolio
// question: What is a department responsible for (industries, platforms, enterprises, events), including through its divisions?
// params: department (any name or alias of the department, or a fragment of one, e.g. 工信委), top:int=1000 (at most this many rows)
// resolve: department (Department)
// split: x
// example: policykg query department-portfolio -p department=省工信委
//
// The department resolves as in industry-owners (exact name, exact alias, then
// the shortest name containing the text). Divisions are followed down PART_OF
// (up to three levels); `via` names the unit the document actually assigns.
// A responsibility belongs to the portfolio when its unit is the department or
// one of its divisions, each an EXISTS on the resolved id (which the engine
// answers as a semi-join, once, however often a document repeats a PART_OF
// link); the links are grouped per entity and unit before names are read.
// The engine reads one label's table far faster than a union of four, so the
// query runs label by label in the order the rows are sorted, stopping once
// `top` rows are found (the `split:` header, graph/queries.py).
MATCH (unit:Department)-[r:RESPONSIBLE_FOR]->(x:Enterprise|Event|Industry|Platform)
WHERE unit.id = $department_id
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department {id: $department_id}) }
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department {id: $department_id}) }
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department {id: $department_id}) }
WITH x, unit, collect(DISTINCT r.role) AS roles, collect(DISTINCT r.doc) AS documents, count(*) AS mentions
WITH labels(x)[0] AS kind, x.name AS name, unit.name AS via, roles, documents, mentions
ORDER BY kind, name, via
LIMIT $top
MATCH (d:Department {id: $department_id})
RETURN d.name AS department, kind, name, via, roles, documents, mentions
ORDER BY kind, name, via
