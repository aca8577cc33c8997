// name: department-portfolio
// question: What is a department responsible for (industries, platforms, enterprises, events), including through its divisions?
// params: department (any name or alias of the department, or a fragment of one, e.g. 工信委), top:int=1000 (at most this many rows)
// example: policykg query department-portfolio -p department=省工信委
//
// The department resolves as in industry-owners (exact name, exact alias, then
// the shortest name containing the text). Divisions are followed down PART_OF
// (up to three levels); `via` names the unit the document actually assigns.
// Every document repeats a division's PART_OF link, so the units are made
// distinct before their responsibilities are read.
MATCH (c:Department)
WHERE c.name = $department OR $department IN c.aliases
   OR ($department <> '' AND c.search CONTAINS toLower($department))
UNWIND [c.name] + c.aliases AS known
WITH c, min(CASE
    WHEN known = $department AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($department) THEN size(known) - size($department) + 1
    ELSE 1000 END) AS fit
WITH collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH f, best WHERE f.fit = best
MATCH (d:Department) WHERE d.id = f.id
MATCH (unit:Department)-[:PART_OF*0..3]->(d)
WITH DISTINCT d, unit
MATCH (unit)-[r:RESPONSIBLE_FOR]->(x:Industry|Platform|Enterprise|Event)
RETURN d.name AS department, labels(x)[0] AS kind, x.name AS name, unit.name AS via,
       collect(DISTINCT r.role) AS roles, collect(DISTINCT r.doc) AS documents, count(DISTINCT r) AS mentions
ORDER BY kind, name, via
LIMIT $top
