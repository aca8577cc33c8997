// name: targets
// question: What targets are set for an industry, enterprise, platform or department: value, unit, deadline, responsible units?
// params: subject (a name or alias of an industry, enterprise, platform, place or department, or a fragment of one, e.g. 光伏 or 省工信委), top:int=1000 (at most this many rows)
// example: policykg query targets -p subject=光伏
//
// The subject resolves as in industry-owners, over every entity label. A
// department's targets include those of its divisions (PART_OF).
MATCH (c:Department|Industry|Platform|Enterprise|Place|Event)
WHERE c.name = $subject OR $subject IN c.aliases
   OR ($subject <> '' AND c.search CONTAINS toLower($subject))
UNWIND [c.name] + c.aliases AS known
WITH c, min(CASE
    WHEN known = $subject AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($subject) THEN size(known) - size($subject) + 1
    ELSE 1000 END) AS fit
WITH collect({id: c.id, fit: fit}) AS found, min(fit) AS best
UNWIND found AS f
WITH f, best WHERE f.fit = best
MATCH (s:Department|Industry|Platform|Enterprise|Place|Event) WHERE s.id = f.id
MATCH (t:Target)
WHERE EXISTS { MATCH (t)-[:TARGETS]->(s) }
   OR EXISTS { MATCH (t)<-[:RESPONSIBLE_FOR]-(:Department)-[:PART_OF*0..3]->(s) }
OPTIONAL MATCH (t)-[:TARGETS]->(about)
OPTIONAL MATCH (unit:Department)-[:RESPONSIBLE_FOR]->(t)
RETURN coalesce(about.name, t.subject) AS subject, t.metric AS metric, t.value AS value, t.unit AS unit,
       t.year AS deadline, collect(DISTINCT unit.name) AS responsible, t.doc AS document, t.evidence AS evidence
ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, document, subject, metric, value
LIMIT $top
