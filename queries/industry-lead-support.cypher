// name: industry-lead-support
// question: For each industry, which departments lead it, which are responsible, which support it, and which host its events?
// definition: leading = {leading}; responsible = {responsible}; supporting = {supporting}; hosting = {hosting}
// params: top:int=20 (at most this many departments in each list, those named in the most documents first; 50 at most)
// example: policykg query industry-lead-support --format csv
//
// The groups are the vocabulary's (policykg/vocabulary.py, the README's Roles
// table), as the definition above says; `departments` counts every
// department responsible for the industry in any role. The lists are derived
// properties of the Industry node, recomputed by every load that touches the
// industry (graph/rollups.py), ordered by the number of documents naming the
// department in that role and kept to the 50 most-cited (industry-owners lists
// every department of one industry).
MATCH (i:Industry)
WHERE i.department_count > 0
RETURN i.name AS industry, i.lead_departments[..$top] AS leading,
       i.responsible_departments[..$top] AS responsible, i.supporting_departments[..$top] AS supporting,
       i.hosting_departments[..$top] AS hosting,
       i.department_count AS departments
ORDER BY departments DESC, industry
