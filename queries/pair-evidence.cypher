// name: pair-evidence
// question: On what evidence is a department (or one of its divisions) responsible for an industry?
// definition: every RESPONSIBLE_FOR link from the department or one of its divisions to the industry, with its sentence
// params: department (any name or alias of the department, e.g. 省工信委), industry (any name or alias of the industry, e.g. 光伏)
// resolve: department (Department), industry (Industry)
// example: policykg query pair-evidence -p department=省工信委 -p industry=光伏
//
// Both names resolve as in industry-owners; `department` is the unit the
// sentence names (the department itself or a division of it, PART_OF up to
// three levels: $department_units, graph/queries.py).
MATCH (unit:Department)-[r:RESPONSIBLE_FOR]->(i:Industry {id: $industry_id})
WHERE unit.id IN $department_units
RETURN DISTINCT unit.name AS department, i.name AS industry, r.role AS role, r.year AS year, r.doc AS document,
       r.evidence AS evidence, r.start AS start, r.end AS `end`
ORDER BY year, document, start, department
