package reports

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the report contract,
// schema version 1; reports/schema/report-v1.schema.json in the repository.
//
//go:embed schema/report-v1.schema.json
var Schema []byte
