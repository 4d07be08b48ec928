package reports

// Fixture is the report of fixture_test.go, for the external tests.
var Fixture = fixture
