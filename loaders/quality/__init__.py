"""How good extraction is: scored against gold records, and audited without gold."""
