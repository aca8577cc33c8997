// name: pair-evidence
// question: On what evidence is a department (or one of its divisions) responsible for an industry?
// params: department (any name or alias of the department, e.g. 省工信委), industry (any name or alias of the industry, e.g. 光伏)
// example: policykg query pair-evidence -p department=省工信委 -p industry=光伏
//
// Both names resolve as in industry-owners; `department` is the unit the
// sentence names (the department itself or a division of it, via PART_OF).
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
MATCH (c:Industry)
WHERE c.name = $industry OR $industry IN c.aliases
   OR ($industry <> '' AND c.search CONTAINS toLower($industry))
UNWIND [c.name] + c.aliases AS known
WITH d, c, min(CASE
    WHEN known = $industry AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($industry) THEN size(known) - size($industry) + 1
    ELSE 1000 END) AS fit
WITH d, collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH d, f, best WHERE f.fit = best
MATCH (i:Industry) WHERE i.id = f.id
MATCH (unit:Department)-[:PART_OF*0..3]->(d)
MATCH (unit)-[r:RESPONSIBLE_FOR]->(i)
RETURN DISTINCT unit.name AS department, i.name AS industry, r.role AS role, r.year AS year, r.doc AS document,
       r.evidence AS evidence, r.start AS start, r.end AS `end`
ORDER BY year, document, start, department
