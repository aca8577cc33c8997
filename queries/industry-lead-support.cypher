// name: industry-lead-support
// question: For each industry, which departments lead it, which are responsible, and which support it?
// params: none
// example: policykg query industry-lead-support --format csv
//
// leading = lead or host; responsible = responsible; supporting = support,
// cohost or coordinate (ONTOLOGY.md, Roles).
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry)
RETURN i.name AS industry,
       collect(DISTINCT CASE WHEN r.role IN ['lead', 'host'] THEN d.name END) AS leading,
       collect(DISTINCT CASE WHEN r.role = 'responsible' THEN d.name END) AS responsible,
       collect(DISTINCT CASE WHEN r.role IN ['support', 'cohost', 'coordinate'] THEN d.name END) AS supporting,
       count(DISTINCT d) AS departments
ORDER BY departments DESC, industry
