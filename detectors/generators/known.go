package generators

import "regexp"

// generatorName is one AI generator a Software-like field may name. The
// patterns are whole-word and deliberately narrow: a software field is free
// text, and a loose match ("Stable", "Flux", "Imagen") would call ordinary
// programs or camera firmware AI.
type generatorName struct {
	name string
	re   *regexp.Regexp
}

var knownGenerators = []generatorName{
	{"NovelAI", regexp.MustCompile(`(?i)\bnovel ?ai\b`)},
	{"Midjourney", regexp.MustCompile(`(?i)\bmidjourney\b`)},
	{"DALL·E", regexp.MustCompile(`(?i)\bdall(?:-|·|•| )?e\b`)},
	{"OpenAI", regexp.MustCompile(`(?i)\bopenai\b|\bchatgpt\b|\bgpt-image\b`)},
	{"Stable Diffusion", regexp.MustCompile(`(?i)\bstable[ -]?diffusion\b`)},
	{"Stability AI", regexp.MustCompile(`(?i)\bstability[ .]?ai\b|\bdream ?studio\b`)},
	{"ComfyUI", regexp.MustCompile(`(?i)\bcomfy ?ui\b`)},
	{"Fooocus", regexp.MustCompile(`(?i)\bfooocus\w*\b`)},
	{"InvokeAI", regexp.MustCompile(`(?i)\binvoke ?ai\b`)},
	{"AUTOMATIC1111", regexp.MustCompile(`(?i)\bautomatic1111\b|\bstable-diffusion-webui\b|\bsd\.next\b`)},
	{"SwarmUI", regexp.MustCompile(`(?i)\b(?:stable)?swarm ?ui\b`)},
	{"Easy Diffusion", regexp.MustCompile(`(?i)\beasy ?diffusion\b`)},
	{"DiffusionBee", regexp.MustCompile(`(?i)\bdiffusion ?bee\b`)},
	{"Draw Things", regexp.MustCompile(`(?i)\bdraw things\b`)},
	{"Adobe Firefly", regexp.MustCompile(`(?i)\badobe firefly\b`)},
	{"Leonardo.Ai", regexp.MustCompile(`(?i)\bleonardo[. ]?ai\b`)},
	{"Ideogram", regexp.MustCompile(`(?i)\bideogram\b`)},
	// "Imagen" alone is Spanish for "image"; require Google or a version.
	{"Google Imagen", regexp.MustCompile(`(?i)\bgoogle imagen\b|\bimagen [1-9]\b`)},
	{"Google Gemini", regexp.MustCompile(`(?i)\bgoogle gemini\b|\bgemini (?:[1-9]|image|flash|pro)\b|\bnano[- ]banana\b`)},
	{"Bing Image Creator", regexp.MustCompile(`(?i)\bbing image creator\b`)},
	{"Microsoft Designer", regexp.MustCompile(`(?i)\bmicrosoft designer\b|\bcopilot designer\b`)},
	{"Meta AI", regexp.MustCompile(`(?i)\bmeta ai\b|\bimagined with ai\b`)},
	{"Kandinsky", regexp.MustCompile(`(?i)\bkandinsky\b`)},
	{"Craiyon", regexp.MustCompile(`(?i)\bcraiyon\b|\bdall-e mini\b`)},
	{"NightCafe", regexp.MustCompile(`(?i)\bnightcafe\b`)},
	{"Runway", regexp.MustCompile(`(?i)\brunway ?ml\b|\brunway gen-?[0-9]\b|^runway$`)},
	// f.lux is a screen-colour program: require the model name or the lab.
	{"FLUX (Black Forest Labs)", regexp.MustCompile(`(?i)\bflux\.1\b|\bflux[ .-](?:dev|schnell|pro|kontext)\b|\bblack forest labs\b`)},
	{"Playground AI", regexp.MustCompile(`(?i)\bplayground ?ai\b`)},
	{"Krea", regexp.MustCompile(`(?i)\bkrea(?:\.ai| ai)\b`)},
	{"Artbreeder", regexp.MustCompile(`(?i)\bartbreeder\b`)},
	{"Tensor.Art", regexp.MustCompile(`(?i)\btensor\.art\b`)},
	{"SeaArt", regexp.MustCompile(`(?i)\bseaart\b`)},
}

// maxNameField bounds the part of a field value the matchers look at;
// software names are short, and a megabyte of text in a Software tag is not
// worth running thirty patterns over.
const maxNameField = 512

// KnownGenerator reports whether s, the value of a software field (EXIF
// Software, xmp:CreatorTool, IPTC OriginatingProgram, PNG Software), names a
// known AI image generator, and which.
func KnownGenerator(s string) (name string, ok bool) {
	if len(s) > maxNameField {
		s = s[:maxNameField]
	}
	for _, g := range knownGenerators {
		if g.re.MatchString(s) {
			return g.name, true
		}
	}
	return "", false
}
