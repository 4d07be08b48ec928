package reports

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the report contract,
// schema version 2; reports/schema/report-v2.schema.json in the repository
// (report-v1.schema.json is kept for reports written before version 2).
//
//go:embed schema/report-v2.schema.json
var Schema []byte
