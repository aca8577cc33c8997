// name: targets
// question: What targets are set for an industry, enterprise, platform or department: value, unit, deadline, responsible units?
// definition: targets that aim at the subject, or that the department or one of its divisions is RESPONSIBLE_FOR
// params: subject (a name or alias of an industry, enterprise, platform, place or department, or a fragment of one, e.g. 光伏 or 省工信委), top:int=1000 (at most this many rows)
// resolve: subject
// example: policykg query targets -p subject=光伏
//
// The subject resolves as in industry-owners, over every entity label. A
// department's targets include those of its divisions (PART_OF, up to three
// levels: $subject_units, graph/queries.py, empty for any other subject).
// Targets are found with EXISTS on the resolved id and on the units (which the
// engine answers as semi-joins; the second is left out for a subject that is
// not a department), ordered and cut to `top` before their subjects and
// responsible units are gathered. The order (deadline, a missing one last,
// document, subject as written, a missing one first, metric, value) is one
// composite key and the value, which the engine sorts far faster than six
// keys.
MATCH (t:Target)
WHERE EXISTS { MATCH (t)-[:TARGETS]->(:Department|Industry|Platform|Enterprise|Place|Event {id: $subject_id}) }
   OR EXISTS { MATCH (t)<-[:RESPONSIBLE_FOR]-(unit:Department) WHERE unit.id IN $subject_units }  // if: subject_units
WITH t ORDER BY coalesce(toString(t.year), '~') + '\t' + t.doc + '\t' + coalesce(t.subject, '') + '\t' + t.metric, t.value LIMIT $top
OPTIONAL MATCH (t)-[:TARGETS]->(about)
OPTIONAL MATCH (unit:Department)-[:RESPONSIBLE_FOR]->(t)
RETURN coalesce(about.name, t.subject) AS subject, t.metric AS metric, t.value AS value, t.unit AS unit,
       t.year AS deadline, collect(DISTINCT unit.name) AS responsible, t.doc AS document, t.evidence AS evidence
ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, document, subject, metric, value
LIMIT $top
