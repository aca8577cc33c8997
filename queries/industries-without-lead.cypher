// name: industries-without-lead
// question: Which industries have no lead department (nobody named with role lead), and who works on them instead?
// definition: industries no department leads (leading = {leading}), with every department RESPONSIBLE_FOR them in another role
// params: none
// example: policykg query industries-without-lead
//
// "Leading" is the group of the vocabulary (policykg/vocabulary.py), bound as $leading_roles,
// the same group industry-lead-support reads from the industry's lead_departments.
MATCH (i:Industry)
WHERE NOT EXISTS { MATCH (:Department)-[lead:RESPONSIBLE_FOR]->(i) WHERE lead.role IN $leading_roles }
OPTIONAL MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i)
RETURN i.name AS industry, count(DISTINCT d) AS departments,
       collect(DISTINCT d.name) AS responsible_units, collect(DISTINCT r.role) AS roles
ORDER BY departments DESC, industry
