package iptc

import "fmt"

// Dataset names as in IPTC-IIM 4.2 (records 1 and 2), spelled as exiftool
// and most readers print them.
var (
	envelopeNames = map[uint8]string{
		0:   "ModelVersion",
		5:   "Destination",
		20:  "FileFormat",
		22:  "FileFormatVersion",
		30:  "ServiceIdentifier",
		40:  "EnvelopeNumber",
		50:  "ProductID",
		60:  "EnvelopePriority",
		70:  "DateSent",
		80:  "TimeSent",
		90:  "CodedCharacterSet",
		100: "UniqueObjectName",
		120: "ARMIdentifier",
		122: "ARMVersion",
	}
	applicationNames = map[uint8]string{
		0:   "RecordVersion",
		3:   "ObjectTypeReference",
		4:   "ObjectAttributeReference",
		5:   "ObjectName",
		7:   "EditStatus",
		8:   "EditorialUpdate",
		10:  "Urgency",
		12:  "SubjectReference",
		15:  "Category",
		20:  "SupplementalCategories",
		22:  "FixtureIdentifier",
		25:  "Keywords",
		26:  "ContentLocationCode",
		27:  "ContentLocationName",
		30:  "ReleaseDate",
		35:  "ReleaseTime",
		37:  "ExpirationDate",
		38:  "ExpirationTime",
		40:  "SpecialInstructions",
		42:  "ActionAdvised",
		45:  "ReferenceService",
		47:  "ReferenceDate",
		50:  "ReferenceNumber",
		55:  "DateCreated",
		60:  "TimeCreated",
		62:  "DigitalCreationDate",
		63:  "DigitalCreationTime",
		65:  "OriginatingProgram",
		70:  "ProgramVersion",
		75:  "ObjectCycle",
		80:  "By-line",
		85:  "By-lineTitle",
		90:  "City",
		92:  "Sub-location",
		95:  "Province-State",
		100: "Country-PrimaryLocationCode",
		101: "Country-PrimaryLocationName",
		103: "OriginalTransmissionReference",
		105: "Headline",
		110: "Credit",
		115: "Source",
		116: "CopyrightNotice",
		118: "Contact",
		120: "Caption-Abstract",
		121: "LocalCaption",
		122: "Writer-Editor",
		125: "RasterizedCaption",
		130: "ImageType",
		131: "ImageOrientation",
		135: "LanguageIdentifier",
		150: "AudioType",
		184: "JobID",
		187: "MasterDocumentID",
		188: "ShortDocumentID",
		189: "UniqueDocumentID",
		190: "OwnerID",
		200: "ObjectPreviewFileFormat",
		201: "ObjectPreviewFileVersion",
		202: "ObjectPreviewData",
		221: "Prefs",
		225: "ClassifyState",
		228: "SimilarityIndex",
		230: "DocumentNotes",
		231: "DocumentHistory",
		232: "ExifCameraInfo",
	}
)

// datasetName names a dataset, or gives "<record>:<id>" for one IIM does
// not define.
func datasetName(rec, id uint8) string {
	var m map[uint8]string
	switch rec {
	case 1:
		m = envelopeNames
	case 2:
		m = applicationNames
	}
	if n, ok := m[id]; ok {
		return n
	}
	return fmt.Sprintf("%d:%d", rec, id)
}
