// name: industries-without-lead
// question: Which industries have no lead department (nobody named with role lead), and who works on them instead?
// params: none
// example: policykg query industries-without-lead
MATCH (i:Industry)
WHERE NOT EXISTS { MATCH (:Department)-[lead:RESPONSIBLE_FOR]->(i) WHERE lead.role = 'lead' }
OPTIONAL MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i)
RETURN i.name AS industry, count(DISTINCT d) AS departments,
       collect(DISTINCT d.name) AS responsible_units, collect(DISTINCT r.role) AS roles
ORDER BY departments DESC, industry
