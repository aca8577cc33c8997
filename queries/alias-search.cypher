// name: alias-search
// question: Which entities (of any label) have a name or alias containing a text, and what are their canonical names?
// definition: entities of any label one of whose names or aliases contains the text, closest first
// params: text (a name, alias or fragment, e.g. 工信委), top:int=50 (how many entities to show)
// example: policykg query alias-search -p text=工信委
//
// Closest first: the exact name, then an exact alias, then the entity whose
// shortest name or alias containing the text adds the fewest characters.
//
// Rows are grouped by the node's id, label and names rather than by the node,
// which the engine would hash whole (derived properties and all).
MATCH (n:Department|Industry|Platform|Enterprise|Place|Event)
WHERE $text <> '' AND (n.name = $text OR $text IN n.aliases OR n.search CONTAINS toLower($text))
UNWIND [n.name] + n.aliases AS known
WITH n.id AS id, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases, min(CASE
    WHEN known = $text AND known = n.name THEN 0
    WHEN toLower(known) CONTAINS toLower($text) THEN size(known) - size($text) + 1
    ELSE 1000 END) AS fit
ORDER BY fit, name
LIMIT $top
RETURN label, name, aliases, id
